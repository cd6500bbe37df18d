import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { CUSTOM_ATTRIBUTE_COMPARISONS } from '../../schema';
import { validateCanvasTriggerSend } from './canvas-trigger-send.validation';
import { validateMockServerConfig } from './mock-config.validation';
import { parseRequestBody } from './request-body.validation';
import { validateSendsIdCreate } from './sends-id-create.validation';
import { validateCampaignTriggerSend } from './trigger-send.validation';
import { validateUsersTrack } from './users-track.validation';
import { type ValidationResult } from './validation-result';

const RUNS = { numRuns: 1000 };
const wild = fc.oneof(
  fc.jsonValue(),
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }),
);

const CAMPAIGN_FIELDS = /^(campaign_id|send_id|trigger_properties|broadcast|audience|recipients|attachments)[.[:]/;
const CANVAS_FIELDS = /^(canvas_id|context|canvas_entry_properties|broadcast|audience|recipients)[.[:]/;

/** Either accepted, or a 400 whose every error starts with a path into the body (or is rule 1's message for a non-object). */
function expectWellFormed(result: ValidationResult<unknown>, input: unknown, fields: RegExp): void {
  if (result.ok) return;
  expect(result.error.httpStatus).toBe(400);
  expect(Object.values(MESSAGES)).toContain(result.error.message);
  expect(result.error.errors.length).toBeGreaterThan(0);
  const rootProblem = result.error.message === MESSAGES.invalid_body;
  for (const error of result.error.errors) {
    if (rootProblem) expect(error).toBe(MESSAGES.invalid_body);
    else expect(error).toMatch(fields);
  }
  if (rootProblem) expect(typeof input !== 'object' || input === null || Array.isArray(input) || !(Object.getPrototypeOf(input) === Object.prototype || Object.getPrototypeOf(input) === null)).toBe(true);
}

const oneOfWild = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 4 }, { arbitrary: fc.jsonValue(), weight: 1 });
const key = fc.constantFrom('plan', 'gender', 'dob', 'country', 'email', '__proto__', 'constructor', 'prototype', '$update:', '', 'tags', 'pets', '_merge_objects', 'external_id');
const attributeValue = oneOfWild(
  fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('F', 'M', '1990-01-01', 'DE', 'de', 'Europe/Berlin', 'opted_in'),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.record({ inc: fc.integer() }),
    fc.record({ add: fc.array(fc.string()) }),
    fc.record({ $add: fc.array(fc.dictionary(fc.string(), fc.string())) }),
    fc.record({ $time: fc.constantFrom('2024-01-01', 'soon') }),
  ),
);
const attributes = fc.dictionary(key, attributeValue, { maxKeys: 4 });
const comparison = fc.constantFrom(...CUSTOM_ATTRIBUTE_COMPARISONS, 'nope');
const filter = fc.record(
  { custom_attribute: fc.record({ custom_attribute_name: fc.string(), comparison, value: fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()), fc.constantFrom('(a', '^a+$', '2024-01-01')) }, { requiredKeys: ['comparison'] }) },
);
const { audience } = fc.letrec((tie) => ({
  audience: fc.oneof({ depthSize: 'small' }, filter, fc.record({ AND: fc.array(tie('audience'), { maxLength: 3 }) }), fc.record({ OR: fc.array(tie('audience'), { maxLength: 3 }) })),
}));
const alias = oneOfWild(fc.record({ alias_name: fc.string(), alias_label: fc.string() }, { requiredKeys: [] }));
const recipient = oneOfWild(
  fc.record(
    {
      external_user_id: oneOfWild(fc.string()),
      user_alias: alias,
      braze_id: oneOfWild(fc.string()),
      email: oneOfWild(fc.emailAddress()),
      prioritization: oneOfWild(fc.array(fc.constantFrom('identified', 'unidentified', 'most_recently_updated', 'least_recently_updated', 'x'))),
      send_to_existing_only: oneOfWild(fc.boolean()),
      trigger_properties: oneOfWild(fc.oneof(fc.constant(''), fc.dictionary(key, fc.jsonValue()))),
      context: oneOfWild(fc.dictionary(fc.string(), fc.jsonValue())),
      canvas_entry_properties: oneOfWild(fc.dictionary(fc.string(), fc.jsonValue())),
      attributes: oneOfWild(attributes),
    },
    { requiredKeys: [] },
  ),
);
const triggerBody = fc.record(
  {
    campaign_id: oneOfWild(fc.string()),
    canvas_id: oneOfWild(fc.string()),
    send_id: oneOfWild(fc.string()),
    trigger_properties: oneOfWild(fc.dictionary(key, fc.jsonValue())),
    broadcast: oneOfWild(fc.boolean()),
    audience: oneOfWild(audience),
    recipients: oneOfWild(fc.array(recipient, { maxLength: 55 })),
    attachments: oneOfWild(fc.array(fc.record({ file_name: fc.string(), url: fc.webUrl() }))),
    api_key: fc.string(),
  },
  { requiredKeys: [] },
);

// A thousand runs each: the point is that validation answers every input, not how fast, so the
// default 5 s timeout must not fail these on a loaded machine (they took 3 s alone and 8 s under load).
describe('request validation never throws and always answers well-formed', { timeout: 60_000 }, () => {
  it('campaign trigger send, on arbitrary values', () => {
    fc.assert(fc.property(wild, (input) => expectWellFormed(validateCampaignTriggerSend(input), input, CAMPAIGN_FIELDS)), RUNS);
  });

  it('campaign trigger send, on near-valid bodies', () => {
    fc.assert(fc.property(triggerBody, (input) => expectWellFormed(validateCampaignTriggerSend(input), input, CAMPAIGN_FIELDS)), RUNS);
  });

  it('canvas trigger send, on arbitrary values and near-valid bodies', () => {
    fc.assert(fc.property(fc.oneof(wild, triggerBody), (input) => expectWellFormed(validateCanvasTriggerSend(input), input, CANVAS_FIELDS)), RUNS);
  });

  it('users/track, on arbitrary values and near-valid bodies', () => {
    const item = fc.tuple(fc.record({ external_id: oneOfWild(fc.string()), _update_existing_only: oneOfWild(fc.boolean()) }, { requiredKeys: [] }), attributes).map(([ids, attrs]) => ({ ...attrs, ...ids }));
    const body = fc.record({ attributes: oneOfWild(fc.array(item, { maxLength: 80 })), events: oneOfWild(fc.array(fc.jsonValue())), purchases: oneOfWild(fc.array(fc.jsonValue())) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(wild, body), (input) => {
        const result = validateUsersTrack(input);
        if (!result.ok) {
          expect(result.error.httpStatus).toBe(400);
          return;
        }
        for (const error of result.value.itemErrors) expect(error.type).toMatch(new RegExp(`^${error.input_array}\\[${error.index}\\]`));
      }),
      RUNS,
    );
  });

  it('sends/id/create and mock config, on arbitrary values', () => {
    fc.assert(
      fc.property(wild, (input) => {
        expectWellFormed(validateSendsIdCreate(input), input, /^(campaign_id|send_id)[.[:]/);
        const config = validateMockServerConfig(input);
        if (!config.ok) for (const error of config.errors) expect(error).toMatch(/^(workspaces[.[:]|configuration )|: unknown field$/);
      }),
      RUNS,
    );
  });

  it('never pollutes Object.prototype', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseRequestBody(`{"__proto__":{"polluted":1},"recipients":[{"attributes":{"__proto__":{"polluted":1}},"external_user_id":"u"}],"v":${JSON.stringify(value)}}`);
        if (parsed.ok) validateCampaignTriggerSend(parsed.value);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
