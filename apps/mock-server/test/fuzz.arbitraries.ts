import fc from 'fast-check';
import type { RawRequest } from './keep-alive.helper.ts';

/**
 * Request generators for the HTTP fuzz run (fuzz.e2e.test.ts). Two families:
 * - `anyRequestArb`: anything a client, a broken client or a hostile web page could send —
 *   valid and invalid trigger sends, users/track, /_mock bodies, wrong content types, odd and
 *   deeply nested JSON, bad auth, random paths and methods;
 * - `rejectedRequestArb`: requests that must each be refused as a whole (4xx), built as a request
 *   that would create profiles and messages, plus exactly one fatal defect.
 */

export const MAX_DEPTH = 5_000;
/** One byte over the spec's 4 MB body limit. */
export const OVERSIZED_BYTES = 4 * 1024 * 1024 + 1;

const TS_PERMISSIONS = ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect'];
/** Every permission (`PERMISSIONS` of core), so the endpoints spec's endpoints run their engines rather than answering 403. */
const PERMISSIONS = [
  ...TS_PERMISSIONS,
  'messages.send',
  'transactional.send',
  'campaigns.trigger.schedule.create',
  'campaigns.trigger.schedule.update',
  'campaigns.trigger.schedule.delete',
  'canvas.trigger.schedule.create',
  'canvas.trigger.schedule.update',
  'canvas.trigger.schedule.delete',
  'messages.schedule_broadcasts',
  'users.identify',
  'users.alias.new',
  'users.alias.update',
  'users.delete',
  'users.merge',
  'users.export.ids',
  'subscription.status.set',
  'subscription.status.get',
  'subscription.groups.get',
];
const HUGE = { limit: 100_000_000, window_seconds: 3_600 };
const UNLIMITED = {
  trigger: HUGE,
  broadcast: HUGE,
  users_track: HUGE,
  send_ids: HUGE,
  broadcast_per_audience: HUGE,
  default: HUGE,
  user_data: HUGE,
  users_export_ids: HUGE,
  users_export_ids_fast: HUGE,
  subscription_set: HUGE,
};
/** Endpoints spec 3, 12, 15: what /messages/send and the subscription endpoints name. */
const GROUPS_AND_SEGMENTS = {
  segments: [{ id: 'vip', filter: { custom_attribute: { custom_attribute_name: 'vip', comparison: 'equals', value: true } } }],
  subscription_groups: [
    { id: 'sg-sms', channel: 'sms' },
    { id: 'sg-news', channel: 'email' },
  ],
};

const CAMPAIGNS = [
  { id: 'welcome', channel: 'email', message: { subject: 'Hi {{${first_name} | default: "there"}}', body: 'Order {{api_trigger_properties.${order_id}}}' } },
  { id: 'gendered', channel: 'email', segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } }, message: { subject: 's', body: 'b' } },
  { id: 'text', channel: 'sms', message: { body: '{{${first_name}}} {{api_trigger_properties.${n}}}' } },
  { id: 'ping', channel: 'push', message: { title: 'T', body: '{% if ${first_name} == "x" %}{% abort_message("x") %}{% endif %}hi' } },
  { id: 'paused-one', channel: 'email', status: 'paused', message: { subject: 's', body: 'b' } },
  { id: 'archived-one', channel: 'email', status: 'archived', message: { subject: 's', body: 'b' } },
  /** sms without a segment: a broadcast of it lists every profile (skipped `no_phone` when it has none). */
  { id: 'count', channel: 'sms', message: { body: 'count' } },
];
const CANVASES = [
  { id: 'flow', channel: 'push', message: { title: 'Welcome', body: '{{context.${step}}}' } },
  { id: 'mail-flow', channel: 'email', message: { subject: 'S {{canvas_entry_properties.${step}}}', body: 'b' } },
  { id: 'paused-flow', channel: 'push', status: 'paused', message: { title: 't', body: 'b' } },
];
const CAMPAIGN_IDS = CAMPAIGNS.map((campaign) => campaign.id);
const CANVAS_IDS = CANVASES.map((canvas) => canvas.id);

/** Keys of the three workspaces of the fuzz server's configuration. */
export const KEYS = {
  /** `fuzz`: every permission, no effective rate limit; the mixed run. */
  all: 'fuzz-all',
  track: 'fuzz-track',
  inspect: 'fuzz-inspect',
  /** `tight`: every permission, tiny rate limits (429s). */
  tight: 'tight-all',
  /** `clean`: only ever sent rejected requests; its state must stay as configured. */
  clean: 'clean-all',
  cleanTrack: 'clean-track',
  cleanInspect: 'clean-inspect',
} as const;

/** The `clean` workspace's seed users: the profile count must stay exactly this. */
export const CLEAN_SEED_USERS = [
  { external_id: 'seed-1', attributes: { email: 'seed1@example.com', first_name: 'Seed' } },
  { external_id: 'seed-2', attributes: { gender: 'F' } },
];

export const FUZZ_CONFIG = {
  workspaces: [
    {
      name: 'fuzz',
      api_keys: [
        { key: KEYS.all, permissions: PERMISSIONS },
        { key: KEYS.track, permissions: ['users.track'] },
        { key: KEYS.inspect, permissions: ['mock.inspect'] },
      ],
      users_track_delay_ms: [0, 20],
      rate_limits: UNLIMITED,
      ...GROUPS_AND_SEGMENTS,
      campaigns: CAMPAIGNS,
      canvases: CANVASES,
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }],
    },
    {
      name: 'tight',
      api_keys: [{ key: KEYS.tight, permissions: PERMISSIONS }],
      rate_limits: { trigger: { limit: 3, window_seconds: 60 }, broadcast: { limit: 1, window_seconds: 60 }, users_track: { limit: 3, window_seconds: 60 }, send_ids: { limit: 1, window_seconds: 60 } },
      campaigns: CAMPAIGNS,
      canvases: CANVASES,
    },
    {
      name: 'clean',
      api_keys: [
        { key: KEYS.clean, permissions: PERMISSIONS },
        { key: KEYS.cleanTrack, permissions: ['users.track'] },
        { key: KEYS.cleanInspect, permissions: ['mock.inspect'] },
      ],
      rate_limits: UNLIMITED,
      ...GROUPS_AND_SEGMENTS,
      campaigns: CAMPAIGNS,
      canvases: CANVASES,
      users: CLEAN_SEED_USERS,
    },
  ],
};

/** External ids the rejected requests would create; each must still be unknown afterwards. */
export const CLEAN_POOL = Array.from({ length: 12 }, (_, index) => `c-${index}`);

// ---------------------------------------------------------------------------------------------
// Deep nesting: JSON.stringify cannot write 5,000 levels (its own stack), so a body holds a
// placeholder string that `serialize` replaces with the nested text.

const DEEP_MARK = '\u0000deep:';

function deep(shape: 'object' | 'array', depth: number): string {
  return `${DEEP_MARK}${shape}:${depth}`;
}

/** Depths around the server's bound (64 levels) and far past it, up to 5,000. */
const deepArb = fc
  .tuple(fc.constantFrom<'object' | 'array'>('object', 'array'), fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 55, max: 75 }), fc.integer({ min: 900, max: MAX_DEPTH })))
  .map(([shape, depth]) => deep(shape, depth));

function nestedText(shape: string, depth: number): string {
  return shape === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** JSON text of a value; placeholders become nested objects or arrays of their depth. */
export function serialize(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/"\\u0000deep:(object|array):(\d+)"/g, (_, shape: string, depth: string) => nestedText(shape, Number(depth)));
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const smallString = fc.string({ maxLength: 12 });
const smallJson = fc.jsonValue({ maxDepth: 2 });
/** Odd values where any value goes: random JSON, deep nesting, long strings, lone surrogates. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: smallJson },
  { weight: 2, arbitrary: deepArb },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\u0000', '𝒳'.repeat(50), 'a'.repeat(3_000), -0, 1e308, Number.MAX_SAFE_INTEGER + 2) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), smallJson) },
);

const userIdArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => `u-${n}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const emailArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }).map((n) => `p${n}@example.com`) }, { weight: 1, arbitrary: fc.emailAddress() }, { weight: 1, arbitrary: smallString });
const aliasArb = fc.record({ alias_name: fc.oneof(fc.constantFrom('a', 'b'), smallString), alias_label: fc.oneof(fc.constant('label'), smallString) }, { requiredKeys: [] });

const attributesArb = fc.record(
  {
    first_name: fc.oneof(fc.constantFrom('Zoe', 'x'), smallString),
    email: emailArb,
    phone: fc.constantFrom('+15555550100', 'nope'),
    gender: fc.constantFrom('F', 'M', 'O', 'N', 'P', 'U', 'female'),
    email_subscribe: fc.constantFrom('subscribed', 'opted_in', 'unsubscribed', 'maybe'),
    push_tokens: fc.array(fc.record({ app_id: fc.constant('app'), token: smallString }), { maxLength: 2 }),
    plan: oddValue,
    country: fc.constantFrom('US', 'FR', 'Narnia'),
    dob: fc.constantFrom('1990-01-01', '1990-13-45'),
    nested: fc.dictionary(smallString, oddValue, { maxKeys: 3 }),
    tags: fc.array(oddValue, { maxLength: 3 }),
    subscription_groups: fc.array(fc.record({ subscription_group_id: smallString, subscription_state: fc.constantFrom('subscribed', 'unsubscribed') }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const prioritizationArb = fc.subarray(['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated']);

const recipientArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ external_user_id: userIdArb, send_to_existing_only: fc.boolean(), attributes: attributesArb, trigger_properties: fc.dictionary(smallString, oddValue, { maxKeys: 3 }) }, { requiredKeys: ['external_user_id'] }) },
  { weight: 1, arbitrary: fc.record({ user_alias: aliasArb, send_to_existing_only: fc.boolean(), attributes: attributesArb }, { requiredKeys: ['user_alias'] }) },
  { weight: 1, arbitrary: fc.record({ braze_id: smallString, attributes: attributesArb }, { requiredKeys: ['braze_id'] }) },
  { weight: 2, arbitrary: fc.record({ email: emailArb, prioritization: prioritizationArb, send_to_existing_only: fc.boolean(), attributes: attributesArb }, { requiredKeys: ['email'] }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('external_user_id', 'user_alias', 'braze_id', 'email', 'prioritization', 'attributes', 'send_to_existing_only', 'context'), oddValue) },
);

const leafAudience = fc.oneof(
  fc.record({ custom_attribute: fc.record({ custom_attribute_name: fc.constantFrom('gender', 'plan', 'n'), comparison: fc.constantFrom('equals', 'not_equal', 'matches_regex', 'exists', 'greater_than', 'includes_value'), value: fc.oneof(smallJson, fc.constantFrom('^a.*(b|c)+$', '(a+)+$', '[')) }, { requiredKeys: [] }) }),
  fc.record({ email_subscription_status: fc.record({ comparison: fc.constantFrom('is', 'is_not'), value: fc.constantFrom('subscribed', 'opted_in', 'unsubscribed', 'x') }) }),
  fc.record({ push_subscription_status: fc.record({ comparison: fc.constantFrom('is', 'is_not'), value: fc.constantFrom('subscribed', 'x') }) }),
);
const audienceArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: leafAudience },
  { weight: 2, arbitrary: fc.record({ AND: fc.array(leafAudience, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ OR: fc.array(fc.oneof(leafAudience, fc.record({ AND: fc.array(leafAudience, { maxLength: 2 }) })), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: oddValue },
);

/** Around the 50-recipient limit: a few generated recipients repeated (the ids repeat too, so some are duplicates). */
const manyRecipientsArb = fc.tuple(fc.array(recipientArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 49, max: 52 })).map(([some, length]) => Array.from({ length }, (_, index) => some[index % some.length]));
const recipientsArb = fc.oneof({ weight: 16, arbitrary: fc.array(recipientArb, { maxLength: 5 }) }, { weight: 1, arbitrary: manyRecipientsArb }, { weight: 2, arbitrary: oddValue });

const campaignBodyArb = fc.record(
  {
    campaign_id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...CAMPAIGN_IDS) }, { weight: 1, arbitrary: oddValue }),
    send_id: fc.oneof(fc.constantFrom('s-1', 's-2'), fc.string({ maxLength: 70 })),
    trigger_properties: fc.oneof(fc.record({ order_id: smallString, n: fc.integer() }), fc.dictionary(smallString, oddValue, { maxKeys: 4 }), fc.constant(''), fc.constant({ big: 'b'.repeat(52_000) })),
    broadcast: fc.oneof(fc.boolean(), oddValue),
    audience: audienceArb,
    recipients: recipientsArb,
    attachments: fc.array(fc.record({ file_name: smallString, url: fc.webUrl() }), { maxLength: 2 }),
    api_key: fc.constantFrom(KEYS.all, KEYS.track, 'unknown'),
  },
  { requiredKeys: ['campaign_id'] },
);

/** Well-formed create-and-send / update-and-send requests (most are answered 201). */
const sendableRecipientArb = fc.record({
  external_user_id: fc.integer({ min: 0, max: 40 }).map((n) => `u-${n}`),
  send_to_existing_only: fc.boolean(),
  attributes: fc.record({ first_name: fc.constantFrom('Zoe', 'Ann', 'x'), email: fc.integer({ min: 0, max: 40 }).map((n) => `u${n}@example.com`), gender: fc.constantFrom('F', 'M'), phone: fc.constant('+15555550100'), push_tokens: fc.constant([{ app_id: 'app', token: 't' }]) }, { requiredKeys: ['first_name'] }),
  trigger_properties: fc.record({ order_id: smallString }, { requiredKeys: [] }),
}, { requiredKeys: ['external_user_id'] });
const wellFormedCampaignArb = fc.record(
  {
    campaign_id: fc.constantFrom('welcome', 'gendered', 'text', 'ping'),
    send_id: fc.constantFrom('s-1', 's-2'),
    trigger_properties: fc.record({ order_id: smallString, n: fc.integer() }),
    audience: leafAudience,
    recipients: fc.array(sendableRecipientArb, { minLength: 1, maxLength: 6 }),
  },
  { requiredKeys: ['campaign_id', 'recipients'] },
);
const wellFormedCanvasArb = fc.record(
  { canvas_id: fc.constantFrom('flow', 'mail-flow', 'paused-flow'), context: fc.record({ step: smallString }), recipients: fc.array(sendableRecipientArb, { minLength: 1, maxLength: 6 }) },
  { requiredKeys: ['canvas_id', 'recipients'] },
);
const wellFormedTrackArb = fc.record(
  {
    attributes: fc.array(fc.record({ external_id: fc.integer({ min: 0, max: 40 }).map((n) => `u-${n}`), first_name: smallString, gender: fc.constantFrom('F', 'M'), plan: fc.constantFrom('free', 'pro') }), { maxLength: 5 }),
    events: fc.array(fc.record({ external_id: fc.integer({ min: 0, max: 40 }).map((n) => `u-${n}`), name: fc.constantFrom('bought', 'viewed'), time: fc.constant('2026-01-01T00:00:00Z') }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const canvasBodyArb = fc.record(
  {
    canvas_id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...CANVAS_IDS) }, { weight: 1, arbitrary: oddValue }),
    context: fc.oneof(fc.record({ step: smallString }), fc.dictionary(smallString, oddValue, { maxKeys: 3 }), fc.constant('')),
    canvas_entry_properties: fc.record({ step: smallString }),
    broadcast: fc.oneof(fc.boolean(), oddValue),
    audience: audienceArb,
    recipients: recipientsArb,
    api_key: fc.constantFrom(KEYS.all, 'unknown'),
  },
  { requiredKeys: ['canvas_id'] },
);

const trackItemArb = fc.record(
  {
    external_id: userIdArb,
    email: emailArb,
    phone: fc.constantFrom('+15555550101', 'x'),
    user_alias: aliasArb,
    braze_id: smallString,
    _update_existing_only: fc.boolean(),
    first_name: smallString,
    gender: fc.constantFrom('F', 'M'),
    plan: oddValue,
    name: fc.oneof(fc.constantFrom('bought', 'viewed'), oddValue),
    time: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), smallString),
    properties: fc.dictionary(smallString, oddValue, { maxKeys: 3 }),
    product_id: smallString,
    currency: fc.constantFrom('USD', 'EUR', 'usd', 'X'),
    price: fc.oneof(fc.double({ noNaN: true }), oddValue),
    quantity: fc.integer({ min: -1, max: 200 }),
  },
  { requiredKeys: [] },
);
const manyTrackItemsArb = fc.tuple(fc.array(trackItemArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 20, max: 77 })).map(([some, length]) => Array.from({ length }, (_, index) => some[index % some.length]));
const trackArrayArb = fc.oneof({ weight: 16, arbitrary: fc.array(trackItemArb, { maxLength: 5 }) }, { weight: 1, arbitrary: manyTrackItemsArb }, { weight: 2, arbitrary: oddValue });
const trackBodyArb = fc.record({ attributes: trackArrayArb, events: trackArrayArb, purchases: trackArrayArb, api_key: fc.constantFrom(KEYS.track, 'unknown') }, { requiredKeys: [] });

const sendIdBodyArb = fc.record({ campaign_id: fc.oneof(fc.constantFrom(...CAMPAIGN_IDS), oddValue), send_id: fc.oneof(fc.constant('s-9'), fc.string({ maxLength: 70 })) }, { requiredKeys: [] });

/** A definition for PUT /_mock/campaigns/{id} or /_mock/canvases/{id}. */
const definitionBodyArb = fc.record(
  {
    channel: fc.oneof(fc.constantFrom('email', 'push', 'sms'), oddValue),
    status: fc.constantFrom('active', 'paused', 'archived', 'gone'),
    segment: audienceArb,
    message: fc.oneof(
      fc.record({ subject: fc.constantFrom('Hi {{${first_name}}}', '{% if %}', '{{ x | nope }}'), body: smallString }),
      fc.record({ title: smallString, body: smallString }),
      fc.record({ body: fc.constantFrom('{{api_trigger_properties.${n}}}', '{% for i in (1..100000) %}x{% endfor %}') }),
      oddValue,
    ),
  },
  { requiredKeys: [] },
);

/**
 * A faults body that is always refused: `probability` above 1 is a 400 whatever else it says, so
 * the run never injects the 5xx or dropped connections it then has to tell apart from real ones.
 */
const faultsBodyArb = fc.record({ status: fc.oneof(fc.constantFrom(429, 500, 503, 418), oddValue), latency_ms: fc.oneof(fc.integer({ min: -5, max: 100_000 }), oddValue), drop_connection: fc.boolean(), count: fc.oneof(fc.integer({ min: -1, max: 5 }), oddValue), paths: fc.array(fc.constantFrom('/users/track', '/nope'), { maxLength: 2 }) }, { requiredKeys: [] }).map((body) => ({ ...body, probability: 2 }));

// The endpoints of the endpoints spec: messages/send, transactional email, schedules, export.
const templatedArb = fc.oneof(smallString, fc.constantFrom('Hi {{${first_name}}}', "{% abort_message('no') %}", '{{', '{% for i in (1..100000) %}x{% endfor %}'));
const messageObjectsArb = fc.record(
  {
    email: fc.oneof(fc.record({ app_id: fc.oneof(smallString, oddValue), from: fc.constantFrom('a@example.com', 'Shop <s@example.com>', 'x', 'a@b@c'), body: templatedArb, subject: templatedArb, email_template_id: smallString }, { requiredKeys: [] }), oddValue),
    apple_push: fc.oneof(fc.record({ alert: fc.oneof(templatedArb, fc.record({ body: templatedArb }), oddValue), extra: fc.oneof(fc.dictionary(fc.constantFrom('ab', 'aps', 'k'), smallJson), oddValue), 'content-available': fc.boolean() }, { requiredKeys: [] }), oddValue),
    android_push: fc.oneof(fc.record({ alert: templatedArb, title: templatedArb, send_to_sync: fc.boolean(), priority: fc.integer({ min: -9, max: 9 }), time_to_live: fc.integer({ min: -1, max: 3_000_000 }) }, { requiredKeys: [] }), oddValue),
    sms: fc.oneof(fc.record({ subscription_group_id: fc.constantFrom('sg-sms', 'nope'), app_id: smallString, body: templatedArb }, { requiredKeys: [] }), oddValue),
    webhook: smallJson,
  },
  { requiredKeys: [] },
);
const messagesSendBodyArb = fc.record(
  {
    external_user_ids: fc.oneof(fc.array(userIdArb, { maxLength: 4 }), manyRecipientsArb, oddValue),
    user_aliases: fc.oneof(fc.array(aliasArb, { maxLength: 3 }), oddValue),
    broadcast: fc.oneof(fc.boolean(), oddValue),
    segment_id: fc.constantFrom('vip', 'nope'),
    audience: audienceArb,
    campaign_id: fc.oneof(fc.constantFrom(...CAMPAIGN_IDS), oddValue),
    recipient_subscription_state: fc.constantFrom('opted_in', 'subscribed', 'all', 'maybe'),
    messages: fc.oneof({ weight: 5, arbitrary: messageObjectsArb }, { weight: 1, arbitrary: oddValue }),
  },
  { requiredKeys: [] },
);
const transactionalBodyArb = fc.record(
  { external_send_id: fc.oneof(fc.constantFrom('order-1', 'order-2', 'has space'), oddValue), trigger_properties: fc.oneof(smallJson, fc.constant({ order_id: 'A-1' })), recipient: fc.oneof(fc.record({ external_user_id: userIdArb, attributes: attributesArb }, { requiredKeys: [] }), fc.array(recipientArb, { maxLength: 2 }), oddValue) },
  { requiredKeys: [] },
);
const scheduleBodyArb = fc.record(
  { campaign_id: fc.oneof(fc.constantFrom(...CAMPAIGN_IDS), oddValue), schedule_id: fc.oneof(smallString, oddValue), recipients: recipientsArb, broadcast: fc.boolean(), schedule: fc.oneof(fc.record({ time: fc.constantFrom('2099-01-01T00:00:00Z', '2001-01-01T00:00:00Z', 'tomorrow', '2026-12-24T09:00:00'), in_local_time: fc.boolean(), at_optimal_time: fc.boolean() }, { requiredKeys: [] }), oddValue) },
  { requiredKeys: [] },
);
const exportBodyArb = fc.record(
  {
    external_ids: fc.oneof(fc.array(userIdArb, { maxLength: 4 }), oddValue),
    user_aliases: fc.oneof(fc.array(aliasArb, { maxLength: 2 }), oddValue),
    email_address: emailArb,
    device_id: smallString,
    fields_to_export: fc.oneof(fc.subarray(['email', 'custom_attributes', 'campaigns_received', 'purchases', 'shoe_size']), oddValue),
  },
  { requiredKeys: [] },
);
const identifierArb = fc.oneof(
  fc.record({ external_id: userIdArb }),
  fc.record({ user_alias: aliasArb }),
  fc.record({ email: emailArb, prioritization: fc.oneof(fc.subarray(['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated']), oddValue) }, { requiredKeys: ['email'] }),
  fc.record({ braze_id: smallString }),
  oddValue,
);
const itemsArb = <T>(item: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 51, maxLength: 52 }) }, { weight: 1, arbitrary: oddValue });
const identifyBodyArb = fc.record(
  {
    aliases_to_identify: itemsArb(fc.record({ external_id: userIdArb, user_alias: aliasArb }, { requiredKeys: [] })),
    emails_to_identify: itemsArb(fc.record({ external_id: userIdArb, email: emailArb, prioritization: fc.subarray(['unidentified', 'most_recently_updated', 'identified']) }, { requiredKeys: [] })),
    merge_behavior: fc.constantFrom('merge', 'none', 'x'),
  },
  { requiredKeys: [] },
);
const aliasNewBodyArb = fc.record({ user_aliases: itemsArb(fc.record({ external_id: userIdArb, alias_name: smallString, alias_label: fc.constantFrom('label', 'crm') }, { requiredKeys: ['alias_name', 'alias_label'] })) }, { requiredKeys: [] });
const aliasUpdateBodyArb = fc.record({ alias_updates: itemsArb(fc.record({ alias_label: fc.constant('label'), old_alias_name: fc.constantFrom('a', 'b'), new_alias_name: fc.constantFrom('a', 'b', 'c') }, { requiredKeys: [] })) }, { requiredKeys: [] });
const deleteBodyArb = fc.record({ external_ids: itemsArb(userIdArb), user_aliases: itemsArb(aliasArb), braze_ids: itemsArb(smallString) }, { requiredKeys: [] });
const mergeBodyArb = fc.record({ merge_updates: itemsArb(fc.record({ identifier_to_merge: identifierArb, identifier_to_keep: identifierArb }, { requiredKeys: [] })) }, { requiredKeys: [] });
const subscriptionSetBodyArb = fc.record(
  { subscription_group_id: fc.constantFrom('sg-sms', 'sg-news', 'nope'), subscription_state: fc.constantFrom('subscribed', 'unsubscribed', 'maybe'), external_id: fc.oneof(userIdArb, fc.array(userIdArb, { maxLength: 3 })), email: emailArb, phone: fc.constantFrom('+15550100', '555', '+1') },
  { requiredKeys: [] },
);
const subscriptionSetV2BodyArb = fc.record({ subscription_groups: itemsArb(fc.record({ subscription_group_id: fc.constantFrom('sg-sms', 'sg-news'), subscription_state: fc.constantFrom('subscribed', 'unsubscribed'), external_ids: fc.array(userIdArb, { maxLength: 2 }), phones: fc.constant(['+15550100']) }, { requiredKeys: [] })) }, { requiredKeys: [] });
const NEW_ENDPOINTS = [
  ['/users/identify', identifyBodyArb],
  ['/users/alias/new', aliasNewBodyArb],
  ['/users/alias/update', aliasUpdateBodyArb],
  ['/users/delete', deleteBodyArb],
  ['/users/merge', mergeBodyArb],
  ['/subscription/status/set', subscriptionSetBodyArb],
  ['/v2/subscription/status/set', subscriptionSetV2BodyArb],
  ['/messages/send', messagesSendBodyArb],
  ['/transactional/v1/campaigns/welcome/send', transactionalBodyArb],
  ['/campaigns/trigger/schedule/create', scheduleBodyArb],
  ['/campaigns/trigger/schedule/update', scheduleBodyArb],
  ['/users/export/ids', exportBodyArb],
] as const;

// ---------------------------------------------------------------------------------------------
// Transport: paths, methods, headers, body text

const BRAZE_PATHS = ['/campaigns/trigger/send', '/canvas/trigger/send', '/users/track', '/sends/id/create'] as const;

const anyKey = fc.constantFrom<string>(KEYS.all, KEYS.all, KEYS.all, KEYS.track, KEYS.inspect, KEYS.tight, 'unknown-key', '');
const authorizationArb = fc.oneof(
  { weight: 12, arbitrary: anyKey.map((key) => `Bearer ${key}`) },
  { weight: 1, arbitrary: fc.constantFrom('Bearer', 'bearer fuzz-all', 'Basic ZnV6ei1hbGw6', `Bearer ${KEYS.all} extra`, `Bearer ${'k'.repeat(5_000)}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).filter((text) => /^[\t\x20-\x7e]*$/.test(text)) },
);
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=UTF-8'];
const OTHER_TYPES = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'application/xml', '', 'json', '*/*'];
const contentTypeArb = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...JSON_TYPES) }, { weight: 3, arbitrary: fc.constantFrom(...OTHER_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) });

/** The extra headers of a browser or a proxy; a foreign `Host` (DNS rebinding) now and then. */
const extraHeadersArb = fc.record(
  {
    host: fc.constantFrom('evil.example', 'localhost', '127.0.0.1', '[::1]'),
    origin: fc.constantFrom('https://evil.example', 'null'),
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
    'x-forwarded-for': fc.constant('10.0.0.1'),
  },
  { requiredKeys: [] },
);
const headersArb = fc
  .record({ authorization: fc.option(authorizationArb, { nil: undefined, freq: 12 }), contentType: contentTypeArb, extra: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: extraHeadersArb }) })
  .map(({ authorization, contentType, extra }) => {
    const headers: Record<string, string> = { ...extra };
    if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers['content-type'] = contentType;
    return headers;
  });

const segmentArb = fc.oneof(fc.constantFrom('u-1', 'x', 'welcome', 'flow', '..', '%2e%2e', '%E0%A4%A', '%00', 'index.html', 'app.js', 'nope.css'), fc.string({ maxLength: 10 }).map(encodeURIComponent));
const queryArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('?limit=1', '?limit=1000&order=newest', '?limit=0', '?limit=abc', '?after=zzz', '?before=req_1', '?since=not-a-date', '?since=2026-01-01T00:00:00Z', '?campaign_id=welcome&external_user_id=u-1', '?limit=1&limit=2', '?order=sideways', '?%zz=1') },
  { weight: 1, arbitrary: fc.webQueryParameters().map((query) => `?${query}`) },
);
const MOCK_PATHS = ['/_mock/messages', '/_mock/requests', '/_mock/reset', '/_mock/faults', '/_mock/health', '/_mock/ui', '/_mock/ui/'];
const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...MOCK_PATHS) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('/_mock/users/', '/_mock/dispatches/', '/_mock/campaigns/', '/_mock/canvases/', '/_mock/ui/'), segmentArb).map(([prefix, segment]) => prefix + segment) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...BRAZE_PATHS, ...MOCK_PATHS), fc.constantFrom('/', '//', '/x', '%20', '.json', '/../..')).map(([path, suffix]) => path + suffix) },
  { weight: 2, arbitrary: fc.webPath().map((path) => (path.startsWith('/') ? path : `/${path}`)) },
);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE'];
const methodArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,10}$/).filter((method) => method !== 'CONNECT') });

/** Body text from a value: serialized JSON, or a broken form of it. */
function bodyTextArb(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 20, arbitrary: value.map(serialize) },
    { weight: 1, arbitrary: fc.tuple(value.map(serialize), fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))) },
    { weight: 1, arbitrary: value.map((body) => `\ufeff${serialize(body)}`) },
    { weight: 1, arbitrary: value.map((body) => `${serialize(body)} trailing`) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '"text"', '42', 'true', '{', '{"a":1,"a":2}', '{"campaign_id":"welcome","campaign_id":1}', '{"__proto__":{"polluted":1}}', '1e999', '{"a":NaN}', "{'a':1}") },
    { weight: 1, arbitrary: deepArb.map(serialize) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
}

const OVERSIZED = Buffer.from(`{"campaign_id":"welcome","recipients":[{"external_user_id":"big"}],"pad":"${'x'.repeat(OVERSIZED_BYTES)}"}`);
const oversizedArb = fc.constant(OVERSIZED);
const bytesArb = fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes));

function withBody(method: fc.Arbitrary<string>, path: fc.Arbitrary<string>, body: fc.Arbitrary<string | Buffer>): fc.Arbitrary<RawRequest> {
  return fc.record({ method, path, query: queryArb, headers: headersArb, body }).map(({ method: verb, path: base, query, headers, body: text }) => ({
    method: verb,
    path: base + query,
    headers,
    // Over 4 MB only where the route reads bodies; a 405 may close the connection under a client still writing.
    body: text === OVERSIZED && verb !== 'POST' && verb !== 'PUT' ? '{}' : text,
  }));
}

const postArb = fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'GET', 'post', 'DELETE') });
/** Body text of a route's value, sometimes random bytes, once in a while over 4 MB (a 413, read no further than needed). */
const routeBody = (value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 1_000, arbitrary: bodyTextArb(value) }, { weight: 10, arbitrary: bytesArb }, { weight: 1, arbitrary: oversizedArb });
/**
 * For paths that are no route: no 4 MB bodies, since a server may answer 404 before reading a
 * body and close the connection under a client still writing it, which is fair HTTP.
 */
const strayBody = (value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 20, arbitrary: bodyTextArb(value) }, { weight: 1, arbitrary: bytesArb });

/** A well-formed request of the `fuzz` workspace, as a correct client sends it. */
function wellFormed({ path, body }: { path: string; body: unknown }): RawRequest {
  return { method: 'POST', path, headers: { authorization: `Bearer ${KEYS.all}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Any request: the mixed fuzz run. */
export const anyRequestArb: fc.Arbitrary<RawRequest> = fc.oneof(
  { weight: 8, arbitrary: withBody(postArb, fc.constant('/campaigns/trigger/send'), routeBody(campaignBodyArb)) },
  { weight: 4, arbitrary: fc.record({ path: fc.constant('/campaigns/trigger/send'), body: wellFormedCampaignArb }).map(wellFormed) },
  { weight: 2, arbitrary: fc.record({ path: fc.constant('/canvas/trigger/send'), body: wellFormedCanvasArb }).map(wellFormed) },
  { weight: 2, arbitrary: fc.record({ path: fc.constant('/users/track'), body: wellFormedTrackArb }).map(wellFormed) },
  { weight: 4, arbitrary: withBody(postArb, fc.constant('/canvas/trigger/send'), routeBody(canvasBodyArb)) },
  { weight: 5, arbitrary: withBody(postArb, fc.constant('/users/track'), routeBody(trackBodyArb)) },
  { weight: 1, arbitrary: withBody(postArb, fc.constant('/sends/id/create'), routeBody(sendIdBodyArb)) },
  ...NEW_ENDPOINTS.map(([path, body]) => ({ weight: 2, arbitrary: withBody(postArb, fc.constant(path), routeBody(body)) })),
  { weight: 2, arbitrary: withBody(fc.constantFrom('PUT', 'PUT', 'POST'), fc.tuple(fc.constantFrom('/_mock/campaigns/', '/_mock/canvases/'), fc.oneof(fc.constantFrom('new-one', 'welcome', 'flow'), segmentArb)).map(([prefix, id]) => prefix + id), routeBody(definitionBodyArb)) },
  { weight: 1, arbitrary: withBody(fc.constantFrom('PUT', 'PUT', 'DELETE', 'POST'), fc.constant('/_mock/faults'), routeBody(faultsBodyArb)) },
  { weight: 1, arbitrary: withBody(fc.constant('POST'), fc.constant('/_mock/reset'), fc.constantFrom('', '{}', '{"x":1}', 'not json')) },
  {
    weight: 4,
    arbitrary: fc.record({ method: methodArb, path: pathArb, query: queryArb, headers: headersArb, body: fc.option(strayBody(smallJson), { nil: undefined }) }).map(({ method, path, query, headers, body }) => ({
      method,
      path: path + query,
      headers,
      ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
    })),
  },
);

// ---------------------------------------------------------------------------------------------
// Rejected requests for the `clean` workspace

type Body = Record<string, unknown>;
interface Rejected {
  path: (typeof BRAZE_PATHS)[number];
  key?: string;
  contentType?: string;
  /** Exactly one of body (a value to serialize) or text (raw). */
  body?: Body;
  text?: string | Buffer;
}

/** A recipient that, accepted, would create `c-n` and send it a message. */
const creatingRecipientArb = fc.record({
  external_user_id: fc.constantFrom(...CLEAN_POOL),
  send_to_existing_only: fc.constant(false),
  attributes: fc.record({ first_name: fc.constant('Clean'), email: fc.constant('clean@example.com'), gender: fc.constant('F'), phone: fc.constant('+15555550199'), plan: smallJson }),
});
const creatingRecipientsArb = fc.array(creatingRecipientArb, { minLength: 1, maxLength: 4 });
const validCampaign = fc.record({ campaign_id: fc.constantFrom('welcome', 'text', 'gendered'), trigger_properties: fc.record({ order_id: smallString }), recipients: creatingRecipientsArb });
const validCanvas = fc.record({ canvas_id: fc.constantFrom('flow', 'mail-flow'), context: fc.record({ step: smallString }), recipients: creatingRecipientsArb });
const creatingTrackItem = fc.record({ external_id: fc.constantFrom(...CLEAN_POOL), first_name: smallString, email: fc.constant('clean@example.com') });
const validTrack = fc.record({ attributes: fc.array(creatingTrackItem, { minLength: 1, maxLength: 3 }), events: fc.array(creatingTrackItem.map((item) => ({ external_id: item.external_id, name: 'e', time: '2026-01-01T00:00:00Z' })), { maxLength: 2 }) });

const bigProperties = { big: 'b'.repeat(51_300) };

/** Body defects of a campaign trigger, each fatal (spec 3.2 and the campaign checks). */
const campaignDefects: ReadonlyArray<fc.Arbitrary<(body: Body) => Body>> = [
  fc.constantFrom('nope', 'paused-one', 'archived-one', '').map((id) => (body: Body) => ({ ...body, campaign_id: id })),
  fc.constantFrom<unknown>(undefined, 7, null, ['welcome'], deep('object', 3_000)).map((id) => (body: Body) => ({ ...body, campaign_id: id })),
  creatingRecipientArb.map((extra) => (body: Body) => ({ ...body, recipients: Array.from({ length: 51 }, () => extra) })),
  fc.constant((body: Body) => ({ ...body, broadcast: true })),
  fc.constantFrom<unknown>([], undefined).map((recipients) => (body: Body) => ({ ...body, recipients })),
  fc.constantFrom<Body>({ external_user_id: 'c-0', braze_id: 'b' }, {}, { user_alias: { alias_name: 'a', alias_label: 'l' }, send_to_existing_only: false, attributes: { first_name: 'x' } }, { email: 'c@example.com', attributes: { first_name: 'x' } }, { email: 'c@example.com', prioritization: ['identified', 'unidentified'], send_to_existing_only: false, attributes: { first_name: 'x' } }).map((bad) => (body: Body) => ({ ...body, recipients: [...(body.recipients as unknown[]), bad] })),
  fc.constant((body: Body) => ({ ...body, trigger_properties: bigProperties })),
  fc.constant((body: Body) => ({ ...body, recipients: [...(body.recipients as unknown[]), { external_user_id: 'c-11', trigger_properties: bigProperties }] })),
  fc.constantFrom<unknown>({ foo: 1 }, { AND: 'x' }, deep('object', MAX_DEPTH), { custom_attribute: { custom_attribute_name: 'gender', comparison: 'matches_regex', value: '(' } }).map((audience) => (body: Body) => ({ ...body, audience })),
  fc.constantFrom<unknown>({ email_subscribe: 'maybe' }, 'x', { plan: deep('object', MAX_DEPTH) }, { dob: 7 }).map((attributes) => (body: Body) => ({ ...body, recipients: [...(body.recipients as unknown[]), { external_user_id: 'c-10', send_to_existing_only: false, attributes }] })),
  fc.constantFrom<unknown>('yes', 1, deep('array', MAX_DEPTH)).map((broadcast) => (body: Body) => ({ ...body, broadcast })),
  fc.constant((body: Body) => ({ ...body, recipients: deep('array', MAX_DEPTH) })),
];

const canvasDefects: ReadonlyArray<fc.Arbitrary<(body: Body) => Body>> = [
  fc.constantFrom<unknown>('nope', undefined, 3, deep('array', MAX_DEPTH)).map((id) => (body: Body) => ({ ...body, canvas_id: id })),
  fc.constant((body: Body) => ({ ...body, canvas_entry_properties: { step: 'both' } })),
  creatingRecipientArb.map((extra) => (body: Body) => ({ ...body, recipients: Array.from({ length: 51 }, () => extra) })),
  fc.constant((body: Body) => ({ ...body, context: { big: 'b'.repeat(51_300) } })),
  fc.constant((body: Body) => ({ ...body, broadcast: true })),
  fc.constantFrom<unknown>({ email_subscribe: 'maybe' }, { plan: deep('array', MAX_DEPTH) }).map((attributes) => (body: Body) => ({ ...body, recipients: [...(body.recipients as unknown[]), { external_user_id: 'c-9', send_to_existing_only: false, attributes }] })),
];

const trackDefects: ReadonlyArray<fc.Arbitrary<(body: Body) => Body>> = [
  creatingTrackItem.map((item) => (body: Body) => ({ ...body, attributes: Array.from({ length: 76 }, () => item) })),
  fc.constantFrom<unknown>('x', {}, 3, deep('object', MAX_DEPTH)).map((events) => (body: Body) => ({ ...body, events })),
  fc.constantFrom<unknown>('x', { external_id: 'c-1' }).map((purchases) => (body: Body) => ({ ...body, purchases })),
];

const cleanBodyArb: fc.Arbitrary<Rejected> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(validCampaign, fc.oneof(...campaignDefects)).map(([body, defect]): Rejected => ({ path: '/campaigns/trigger/send', body: defect(body) })) },
  { weight: 2, arbitrary: fc.tuple(validCanvas, fc.oneof(...canvasDefects)).map(([body, defect]): Rejected => ({ path: '/canvas/trigger/send', body: defect(body) })) },
  { weight: 2, arbitrary: fc.tuple(validTrack, fc.oneof(...trackDefects)).map(([body, defect]): Rejected => ({ path: '/users/track', body: defect(body) })) },
);
const validAny = fc.oneof(
  validCampaign.map((body): Rejected => ({ path: '/campaigns/trigger/send', body })),
  validCanvas.map((body): Rejected => ({ path: '/canvas/trigger/send', body })),
  validTrack.map((body): Rejected => ({ path: '/users/track', body })),
);

/** Defects of the transport, each fatal for a request that is otherwise valid. */
const transportDefectArb: fc.Arbitrary<Rejected> = fc.oneof(
  // No key, an unknown key, a key of another workspace without the endpoint's permission, or of this one without it.
  fc.tuple(validAny, fc.constantFrom<string | undefined>(undefined, '', 'unknown-key', KEYS.cleanInspect)).map(([request, key]): Rejected => ({ ...request, key: key ?? 'none' })),
  fc.tuple(validCampaign, fc.constant(KEYS.cleanTrack)).map(([body, key]): Rejected => ({ path: '/campaigns/trigger/send', body, key })),
  // A web page's preflight-free POST: the key in the body, the wrong content type.
  fc.tuple(validAny, fc.constantFrom(...OTHER_TYPES, 'none')).map(([request, contentType]): Rejected => ({ ...request, body: { ...request.body, api_key: KEYS.clean }, key: 'none', contentType })),
  fc.tuple(validAny, fc.constantFrom(...OTHER_TYPES)).map(([request, contentType]): Rejected => ({ ...request, contentType })),
  // Not a JSON object.
  fc.tuple(validAny, fc.nat()).map(([request, cut]): Rejected => {
    const text = serialize(request.body);
    return { path: request.path, text: text.slice(0, 1 + (cut % (text.length - 1))) };
  }),
  fc.tuple(validAny, fc.constantFrom('[]', 'null', '"{}"', '7', '', '\ufeff[', deep('array', MAX_DEPTH))).map(([request, text]): Rejected => ({ path: request.path, text: text.startsWith(DEEP_MARK) ? serialize(text) : text })),
  fc.tuple(validAny, bytesArb).map(([request, bytes]): Rejected => ({ path: request.path, text: Buffer.concat([Buffer.from('{'), bytes]) })),
  validAny.map((request): Rejected => ({ path: request.path, text: serialize([request.body]) })),
);

/** A request the `clean` workspace must refuse as a whole: 4xx, nothing created. */
export const rejectedRequestArb: fc.Arbitrary<RawRequest> = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: cleanBodyArb }, { weight: 2, arbitrary: transportDefectArb }), fc.noBias(fc.integer({ min: 0, max: 999 })))
  .map(([request, roll]) => {
    const key = request.key ?? KEYS.clean;
    const contentType = request.contentType ?? 'application/json';
    const headers: Record<string, string> = {};
    if (key !== 'none') headers.authorization = `Bearer ${key}`;
    if (contentType !== 'none') headers['content-type'] = contentType;
    // One in a thousand is over 4 MB.
    const body = roll === 0 ? OVERSIZED : (request.text ?? serialize(request.body));
    return { method: 'POST', path: request.path, headers, body };
  });
