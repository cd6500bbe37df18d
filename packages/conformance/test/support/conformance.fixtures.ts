import { PERMISSIONS, type MockServerConfigInput, type TriggerKitHandlerOptions } from '@triggerkit/core';

export const ALL_PERMISSIONS = ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect'] as const;

/** API keys of the conformance workspaces. */
export const KEYS = {
  all: 'acme-all',
  trackOnly: 'acme-track-only',
  noInspect: 'acme-no-inspect',
  other: 'other-all',
  limited: 'limited-all',
  slow: 'slow-all',
  audiences: 'audiences-all',
  legacy: 'legacy-all',
  clocked: 'clocked-all',
  clockedSendOnly: 'clocked-send-only',
} as const;

/** 2026-01-01T00:30:00Z: a fixed instant, half an hour into an hour-aligned window. */
export const FIXED_NOW_MS = Date.UTC(2026, 0, 1, 0, 30, 0);
export const fixedClock: NonNullable<TriggerKitHandlerOptions['clock']> = { now: () => FIXED_NOW_MS };

/** Small, fixed rate limits for the `limited` workspace (spec 5), so that 429s are reachable in a test. */
export const LIMITED = {
  trigger: { limit: 3, window_seconds: 3600 },
  broadcast: { limit: 1, window_seconds: 60 },
  users_track: { limit: 2, window_seconds: 3 },
  send_ids: { limit: 1, window_seconds: 86_400 },
} as const;

/**
 * Workspaces every host serves: `acme` (campaigns and canvases in every state, seed users),
 * `other` (isolation) and `limited` (tiny rate limits).
 */
export const conformanceConfig: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [
        { key: KEYS.all, permissions: [...ALL_PERMISSIONS] },
        { key: KEYS.trackOnly, permissions: ['users.track'] },
        { key: KEYS.noInspect, permissions: ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create'] },
      ],
      campaigns: [
        {
          id: 'order-confirmation',
          status: 'active',
          channel: 'email',
          segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
          message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}" },
        },
        { id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Welcome', body: 'Hello {{${first_name}}}' } },
        { id: 'sms-alert', status: 'active', channel: 'sms', message: { body: 'Alert' } },
        { id: 'push-news', status: 'active', channel: 'push', message: { title: 'News', body: 'Read it' } },
        { id: 'aborting', status: 'active', channel: 'email', message: { subject: 'x', body: "{% abort_message('no') %}" } },
        { id: 'paused-campaign', status: 'paused', channel: 'email', message: { subject: 'x', body: 'x' } },
        { id: 'archived-campaign', status: 'archived', channel: 'email', message: { subject: 'x', body: 'x' } },
        { id: 'api-promo', type: 'api', status: 'active', name: 'Promo', tags: ['promo'] },
        { id: 'receipt', type: 'transactional', status: 'active', channel: 'email', message: { subject: 'Receipt {{api_trigger_properties.${order_id}}}', body: 'Thanks' } },
      ],
      canvases: [
        { id: 'onboarding', status: 'active', channel: 'push', message: { title: 'Welcome', body: '{{context.${step}}}/{{canvas_entry_properties.${step}}}' } },
        { id: 'paused-canvas', status: 'paused', channel: 'push', message: { title: 'x', body: 'x' } },
        { id: 'archived-canvas', status: 'archived', channel: 'push', message: { title: 'x', body: 'x' } },
      ],
      users: [
        { external_id: 'ann', attributes: { email: 'ann@example.com', first_name: 'Ann', gender: 'F', push_tokens: ['tok-ann'] } },
        { external_id: 'bob', attributes: { email: 'bob@example.com', first_name: 'Bob', gender: 'M' } },
        { external_id: 'cat', attributes: { email: 'cat@example.com', first_name: 'Cat' } },
        { external_id: 'dan', attributes: { first_name: 'Dan', gender: 'F' } },
      ],
    },
    {
      name: 'other',
      api_keys: [{ key: KEYS.other, permissions: [...ALL_PERMISSIONS] }],
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Welcome', body: 'Hello' } }],
    },
    {
      name: 'limited',
      api_keys: [{ key: KEYS.limited, permissions: [...ALL_PERMISSIONS] }],
      rate_limits: LIMITED,
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Welcome', body: 'Hello' } }],
      users: [{ external_id: 'ann', attributes: { email: 'ann@example.com' } }],
    },
    {
      // /users/track writes become visible only after a minute: the race of spec 1 and 8, on purpose.
      name: 'slow',
      api_keys: [{ key: KEYS.slow, permissions: [...ALL_PERMISSIONS] }],
      users_track_delay_ms: 60_000,
      campaigns: [
        {
          id: 'order-confirmation',
          channel: 'email',
          segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
          message: { subject: 'Order', body: 'Hi {{${first_name}}}' },
        },
      ],
    },
    {
      // Spec 5, Rev 2: a small per-unique-audience limit beside a roomier broadcast limit.
      name: 'audiences',
      api_keys: [{ key: KEYS.audiences, permissions: [...ALL_PERMISSIONS] }],
      rate_limits: { broadcast: { limit: 4, window_seconds: 60 }, broadcast_per_audience: { limit: 2, window_seconds: 60 } },
      campaigns: [
        { id: 'news', channel: 'email', message: { subject: 'News', body: 'Hi' } },
        { id: 'sale', channel: 'email', message: { subject: 'Sale', body: 'Hi' } },
      ],
    },
    {
      // Spec 8, Rev 2: a workspace on Braze's legacy limits, 75 objects per /users/track array.
      name: 'legacy',
      api_keys: [{ key: KEYS.legacy, permissions: [...ALL_PERMISSIONS] }],
      users_track_batch: 'per_array',
    },
    {
      // Endpoints spec 2 and 5: a manual mock clock (from 2026-01-01T00:00:00Z), schedules, and the
      // users/track delay on that clock.
      name: 'clocked',
      api_keys: [
        { key: KEYS.clocked, permissions: [...PERMISSIONS] },
        { key: KEYS.clockedSendOnly, permissions: ['campaigns.trigger.send', 'canvas.trigger.send', 'mock.inspect'] },
      ],
      clock: { mode: 'manual' },
      time_zone: 'Europe/Berlin',
      optimal_send_hour: 9,
      users_track_delay_ms: 60_000,
      // Endpoints spec 3 and 15: apps give tokens a platform, a segment and subscription groups for /messages/send.
      apps: [
        { id: 'ios-app', platform: 'ios' },
        { id: 'android-app', platform: 'android' },
      ],
      segments: [{ id: 'vip', name: 'VIP', filter: { custom_attribute: { custom_attribute_name: 'vip', comparison: 'equals', value: true } } }],
      subscription_groups: [
        { id: 'sg-sms', channel: 'sms', name: 'Alerts' },
        { id: 'sg-news', channel: 'email', name: 'Newsletter' },
      ],
      campaigns: [
        { id: 'reminder', name: 'Cart reminder', tags: ['cart'], channel: 'email', message: { subject: 'Still there, {{${first_name}}}?', body: 'Order {{api_trigger_properties.${order_id}}}' } },
        { id: 'paused-reminder', status: 'paused', channel: 'email', message: { subject: 'x', body: 'x' } },
        { id: 'api-promo', type: 'api', status: 'active' },
        // Endpoints spec 12: recipients also need `subscribed` in the group.
        { id: 'newsletter', channel: 'email', subscription_group_id: 'sg-news', message: { subject: 'News for {{${first_name}}}', body: 'b' } },
        // Endpoints spec 4: transactional email.
        {
          id: 'receipt',
          type: 'transactional',
          channel: 'email',
          message: { subject: 'Receipt {{api_trigger_properties.${order_id}}}', body: "Thanks {{${first_name} | default: 'friend'}}" },
        },
        { id: 'paused-receipt', type: 'transactional', status: 'paused', channel: 'email', message: { subject: 'x', body: 'x' } },
      ],
      canvases: [{ id: 'paused-journey', status: 'paused', channel: 'push', message: { title: 'x', body: 'x' } }],
      users: [
        { external_id: 'pat', attributes: { email: 'pat@example.com', first_name: 'Pat' } },
        { external_id: 'tomo', attributes: { email: 'tomo@example.com', first_name: 'Tomo', time_zone: 'Asia/Tokyo' } },
        {
          external_id: 'vic',
          attributes: {
            email: 'vic@example.com',
            first_name: 'Vic',
            vip: true,
            phone: '+15550100',
            subscription_groups: [{ subscription_group_id: 'sg-sms', subscription_state: 'subscribed' }],
            push_tokens: [
              { app_id: 'ios-app', token: 'vic-ios' },
              { app_id: 'android-app', token: 'vic-android' },
            ],
          },
        },
      ],
    },
  ],
};
