import { TriggerKitClient, type MockServerConfigInput } from '@triggerkit/core';

// A workspace for /messages/send: apps give push tokens a platform, segments can be named by
// segment_id, and an SMS goes through an sms subscription group the user is subscribed to.
export const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'shop',
      api_keys: [{ key: 'shop-key', permissions: ['messages.send', 'messages.schedule_broadcasts', 'mock.inspect'] }],
      apps: [{ id: 'shop-ios', platform: 'ios' }],
      segments: [{ id: 'vip', name: 'VIP', filter: { custom_attribute: { custom_attribute_name: 'vip', comparison: 'equals', value: true } } }],
      subscription_groups: [{ id: 'sms-alerts', channel: 'sms' }],
      campaigns: [{ id: 'spring-promo', type: 'api', name: 'Spring promotion' }],
    },
  ],
};

const braze = new TriggerKitClient({ baseUrl: 'http://127.0.0.1:4010', apiKey: 'shop-key' });

/** Listed users get each message object; profiles are never created or changed. */
export async function announceSale(externalIds: string[]): Promise<string> {
  const { dispatch_id } = await braze.messages.send({
    external_user_ids: externalIds,
    campaign_id: 'spring-promo',
    messages: {
      email: { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Spring sale, {{${first_name}}}', body: '<p>20% off</p>' },
      apple_push: { alert: { title: 'Spring sale', body: '20% off, {{${first_name}}}' }, send_to_most_recent_device_only: true },
      sms: { subscription_group_id: 'sms-alerts', app_id: 'sms', body: 'Spring sale: 20% off' },
    },
  });
  return dispatch_id;
}

/** A broadcast to a segment, only to users who opted in. */
export async function tellVips(): Promise<void> {
  await braze.messages.send({
    broadcast: true,
    segment_id: 'vip',
    recipient_subscription_state: 'opted_in',
    messages: { email: { app_id: 'web', from: 'shop@example.com', subject: 'Early access', body: '<p>For you first</p>' } },
  });
}

/** What is scheduled before the end of the week (endpoints spec 5.5). */
export async function scheduledThisWeek(endOfWeek: string): Promise<string[]> {
  const { scheduled_broadcasts } = await braze.messages.scheduledBroadcasts({ end_time: endOfWeek });
  return scheduled_broadcasts.map((entry) => `${entry.name} at ${entry.next_send_time}`);
}
