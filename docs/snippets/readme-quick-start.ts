import { TriggerKitClient } from '@triggerkit/core';

const braze = new TriggerKitClient({ apiKey: process.env.BRAZE_API_KEY!, instance: 'US-03' });
const { dispatches, failures } = await braze.createAndSend({
  campaign_id: 'order-confirmation',
  trigger_properties: { order_id: 'o-1' },
  recipients: [{ external_user_id: 'u-42', attributes: { email: 'zoe@example.com', first_name: 'Zoe' } }],
});
console.log(dispatches.map((sent) => sent.dispatch_id), failures);
