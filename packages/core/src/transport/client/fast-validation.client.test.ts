import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, validateCampaignTriggerSend, validateCanvasTriggerSend } from '../../rules';
import { campaignTriggerSendSchema, canvasRecipientSchema, canvasTriggerSendSchema, MAX_TRIGGER_PROPERTIES_BYTES, RECIPIENT_IDENTIFIER_KEYS, recipientSchema } from '../../schema';
import { isCertainlyValidTriggerBody, KNOWN_FIELDS, type TriggerBodyKind } from './fast-validation.client';

const full = (kind: TriggerBodyKind, body: unknown) => (kind === 'campaign' ? validateCampaignTriggerSend(body) : validateCanvasTriggerSend(body));

/** `[[[…]]]` opening `levels` arrays. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

const cyclic = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};

/** Values a schema treats specially, beside ordinary ones. */
const odd = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', 'x', 0, -0, NaN, Infinity, 1e308, true, false, [], {}, '$x', 'a'.repeat(256), '\u0000'.repeat(9_000), '\ud800'),
  fc.constant(null).map(() => ({ toJSON: () => 'x' })),
  fc.constant(null).map(() => new Date(0)),
  fc.constant(null).map(() => Object.create(null) as unknown),
  fc.constant(null).map(() => 10n),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Values that only the nesting bound, a JSON encoder or the 50 KB limit stops. */
const hostile = fc.oneof(
  fc.constant(null).map(() => nested(MAX_NESTING_DEPTH)),
  fc.constant(null).map(() => ({ deep: nested(MAX_NESTING_DEPTH - 3) })),
  fc.constant(null).map(cyclic),
  fc.constant(null).map(() => ({ big: 'é'.repeat(MAX_TRIGGER_PROPERTIES_BYTES / 2) })),
);
const awkward = fc.oneof({ arbitrary: odd, weight: 4 }, { arbitrary: hostile, weight: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 12 }, { arbitrary: odd, weight: 1 });

const attributeKey = fc.constantFrom(
  'plan', 'visits', 'tags', 'first_name', 'last_name', 'email', 'phone', 'gender', 'dob', 'country', 'language', 'time_zone', 'home_city',
  'email_subscribe', 'push_subscribe', 'push_tokens', 'subscription_groups', '_merge_objects', 'external_id', 'user_alias', 'braze_id',
  '_update_existing_only', '__proto__', 'constructor', '', '$x', 'k'.repeat(256),
);
const attributeValue = maybe(
  fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('F', 'X', '1990-01-01', '1990-02-30', 'DE', 'de', 'Germany', 'Europe/Berlin', 'opted_in', 'subscribed', 'ann@example.com', 'not-an-email', 'a b@c'),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    fc.array(fc.string({ maxLength: 2 }), { minLength: 101, maxLength: 102 }),
    fc.constantFrom<unknown>({ inc: 1 }, { add: ['a'] }, { $time: '2024-01-01' }, { nested: { a: 1 } }, [{ a: 1 }], ['t1', { app_id: 'a', token: 't' }], [{ subscription_group_id: 'g', subscription_state: 'subscribed' }]),
  ),
);
const attributes = maybe(fc.dictionary(attributeKey, attributeValue, { maxKeys: 3 }));
const properties = maybe(fc.oneof(fc.constant(''), fc.dictionary(fc.string({ maxLength: 6 }), maybe(fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 })));
/** Mostly nothing; now and then one field of `keys` replaced by an awkward value. */
const mutation = (keys: readonly string[]) =>
  fc.oneof(
    { arbitrary: fc.constant({}), weight: 3 },
    { arbitrary: fc.dictionary(fc.constantFrom(...keys, 'extra'), awkward, { maxKeys: 1 }), weight: 1 },
    { arbitrary: fc.constantFrom<Record<string, unknown>>({ broadcast: true }, { audience: { AND: [] } }, { attachments: [{ file_name: 'a', url: 'u' }] }), weight: 1 },
  );

/** One identifier as the rules want it, or (now and then) two or a wrong one. */
const identity = fc.oneof(
  fc.record({ external_user_id: fc.string({ maxLength: 6 }) }),
  fc.record({ external_user_id: fc.constantFrom('u-1', 'u-2') }),
  fc.record({ external_user_id: fc.constantFrom('u-3', 'u-4') }),
  fc.record({ braze_id: fc.string({ maxLength: 6 }) }),
  fc.record({ email: fc.constantFrom('ann@example.com', ''), prioritization: fc.array(fc.constantFrom('identified', 'unidentified', 'most_recently_updated', 'least_recently_updated', 'x'), { maxLength: 3 }) }),
  fc.record({ email: fc.constant('ann@example.com') }),
  fc.record({ user_alias: fc.record({ alias_name: fc.string({ maxLength: 3 }), alias_label: fc.string({ maxLength: 3 }) }, { requiredKeys: [] }) }),
  fc.record({ external_user_id: fc.constant('u'), braze_id: fc.constant('b') }),
);
const RECIPIENT_KEYS = ['external_user_id', 'braze_id', 'email', 'user_alias', 'prioritization', 'send_to_existing_only', 'attributes', 'trigger_properties', 'context', 'canvas_entry_properties'];

function recipientOf(kind: TriggerBodyKind) {
  const shape: Record<string, fc.Arbitrary<unknown>> = {
    send_to_existing_only: fc.boolean(),
    attributes,
    ...(kind === 'campaign' ? { trigger_properties: properties } : { context: properties, canvas_entry_properties: properties }),
  };
  const rest = fc.record(shape, { requiredKeys: [] });
  const recipient = fc.tuple(identity, rest, mutation(RECIPIENT_KEYS)).map(([id, fields, changed]) => ({ ...id, ...fields, ...changed }));
  return fc.oneof({ arbitrary: recipient, weight: 20 }, { arbitrary: awkward, weight: 1 });
}

function bodyOf(kind: TriggerBodyKind) {
  const top =
    kind === 'campaign'
      ? fc.record({ send_id: fc.oneof({ arbitrary: fc.constant('s-1'), weight: 8 }, { arbitrary: fc.constantFrom('é', 'x'.repeat(65)), weight: 1 }), trigger_properties: properties, broadcast: fc.constant(false) }, { requiredKeys: [] })
      : fc.record({ context: properties, canvas_entry_properties: properties, broadcast: fc.constant(false) }, { requiredKeys: [] });
  const recipients = fc.oneof({ arbitrary: fc.array(recipientOf(kind), { minLength: 1, maxLength: 3 }), weight: 20 }, { arbitrary: fc.array(recipientOf(kind), { minLength: 51, maxLength: 51 }), weight: 1 });
  const idField = kind === 'campaign' ? 'campaign_id' : 'canvas_id';
  // `broadcast: true`, `audience` and `attachments` come in as mutations (`awkward` values).
  const keys = [idField, 'send_id', 'trigger_properties', 'context', 'canvas_entry_properties', 'broadcast', 'audience', 'recipients', 'attachments'];
  return fc.tuple(fc.oneof({ arbitrary: fc.constant('c-1'), weight: 8 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 }), top, recipients, mutation(keys)).map(([id, fields, list, changed]) => ({ [idField]: id, ...fields, recipients: list, ...changed }));
}

describe('the fast trigger-body check', () => {
  it('knows exactly the fields the trigger schemas have', () => {
    const sorted = (keys: Iterable<string>) => [...keys].sort();
    expect(sorted(KNOWN_FIELDS.campaign.body)).toEqual(sorted(Object.keys(campaignTriggerSendSchema.shape)));
    expect(sorted(KNOWN_FIELDS.campaign.recipient)).toEqual(sorted(Object.keys(recipientSchema.shape)));
    expect(sorted(KNOWN_FIELDS.canvas.body)).toEqual(sorted(Object.keys(canvasTriggerSendSchema.in.shape)));
    expect(sorted(KNOWN_FIELDS.canvas.recipient)).toEqual(sorted(Object.keys(canvasRecipientSchema.in.shape)));
  });

  it.each(['campaign', 'canvas'] as const)('accepts a %s body only when the schema accepts it', { timeout: 60_000 }, (kind) => {
    let accepted = 0;
    fc.assert(
      fc.property(bodyOf(kind), (body) => {
        if (!isCertainlyValidTriggerBody(body, kind)) return;
        accepted++;
        const result = full(kind, body);
        expect(result.ok ? 'ok' : result.error.errors).toBe('ok');
      }),
      { numRuns: 3_000 },
    );
    // The property would hold for a check that accepts nothing: it must also take the common bodies.
    expect(accepted).toBeGreaterThan(60);
  });

  it('takes the body createAndSend builds: recipients with plain attributes and trigger properties', () => {
    const body = {
      campaign_id: 'order-confirmation',
      trigger_properties: { order_id: 'A-17', items: [{ sku: 'x', qty: 2 }] },
      recipients: Array.from({ length: 50 }, (_v, i) => ({
        external_user_id: `u-${i}`,
        send_to_existing_only: false,
        attributes: { first_name: 'Ann', email: `u${i}@example.com`, gender: 'F', plan: 'pro', visits: 3, tags: ['a', 'b'], time_zone: 'Europe/Berlin' },
        trigger_properties: { order_id: `A-${i}` },
      })),
    };
    expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(true);
    expect(full('campaign', body).ok).toBe(true);
    const canvas = { canvas_id: 'onboarding', context: { step: 1 }, recipients: [{ email: 'ann@example.com', prioritization: ['identified'], context: { a: 1 } }] };
    expect(isCertainlyValidTriggerBody(canvas, 'canvas')).toBe(true);
  });

  it.each([
    ['a field nested past the bound that the schema strips', { campaign_id: 'c', junk: nested(MAX_NESTING_DEPTH), recipients: [{ external_user_id: 'u' }] }],
    ['a recipient field nested past the bound', { campaign_id: 'c', recipients: [{ external_user_id: 'u', junk: nested(MAX_NESTING_DEPTH - 2) }] }],
    ['an ignored attribute nested past the bound', { campaign_id: 'c', recipients: [{ external_user_id: 'u', attributes: { external_id: nested(MAX_NESTING_DEPTH - 3) } }] }],
    ['trigger properties over 50 KB', { campaign_id: 'c', trigger_properties: { big: 'é'.repeat(MAX_TRIGGER_PROPERTIES_BYTES / 2 + 1) }, recipients: [{ external_user_id: 'u' }] }],
    ['trigger properties that cannot be serialized', { campaign_id: 'c', recipients: [{ external_user_id: 'u', trigger_properties: { n: 10n } }] }],
    ['a cyclic recipient field', { campaign_id: 'c', recipients: [{ external_user_id: 'u', junk: cyclic() }] }],
  ])('leaves %s to the schema, which refuses it', (_name, body) => {
    expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(false);
    expect(full('campaign', body).ok).toBe(false);
  });

  it.each(RECIPIENT_IDENTIFIER_KEYS.filter((key) => key !== 'external_user_id'))('counts %s as a second identifier', (key) => {
    const body = { campaign_id: 'c', recipients: [{ external_user_id: 'u', [key]: key === 'user_alias' ? { alias_name: 'a', alias_label: 'l' } : 'x' }] };
    expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(false);
    expect(full('campaign', body).ok).toBe(false);
  });

  it('reads fields as the schema does when Object.prototype is polluted: it leaves every body to the schema', () => {
    const body = { campaign_id: 'c', recipients: [{ external_user_id: 'u' }] };
    expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(true);
    Object.defineProperty(Object.prototype, 'braze_id', { value: 'b', configurable: true, writable: true });
    try {
      expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(false);
      expect(full('campaign', body).ok).toBe(false);
    } finally {
      delete (Object.prototype as { braze_id?: unknown }).braze_id;
    }
    expect(isCertainlyValidTriggerBody(body, 'campaign')).toBe(true);
  });

  it('leaves bodies it does not model to the schema, which may accept them', () => {
    const withNested = { campaign_id: 'c', recipients: [{ external_user_id: 'u', attributes: { visits: { inc: 1 }, trip: { city: 'Oslo' } } }] };
    expect(isCertainlyValidTriggerBody(withNested, 'campaign')).toBe(false);
    expect(full('campaign', withNested).ok).toBe(true);
  });
});
