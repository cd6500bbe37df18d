import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { jsonTextExceedsDepth, MAX_NESTING_DEPTH, NESTING_DEPTH_ERROR, valueExceedsDepth } from './nesting-depth.validation';
import { parseRequestBody } from './request-body.validation';
import { validateCampaignTriggerSend } from './trigger-send.validation';
import { validateUsersTrack } from './users-track.validation';

/** The depth of a parsed value by plain recursion (the reference the scanners must agree with). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child)), 0);
}

function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? { d: value } : [value];
  return value;
}

const deepJson = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', 'é') }), fc.integer(), fc.constant(null)),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ unit: fc.constantFrom('[', '{', '"', '\\', 'k') }), tie('node'), { maxKeys: 3 }),
  ),
})).node;

describe('the nesting bound of request bodies', () => {
  it('agrees with the parsed depth on any JSON text, brackets and escapes inside strings included, as text and as UTF-8 bytes', () => {
    fc.assert(
      fc.property(deepJson, fc.integer({ min: 0, max: 8 }), (value, max) => {
        const text = JSON.stringify(value);
        const expected = depthOf(value) > max;
        expect(jsonTextExceedsDepth(text, max)).toBe(expected);
        expect(jsonTextExceedsDepth(new TextEncoder().encode(text), max)).toBe(expected);
        expect(valueExceedsDepth(value, max)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('allows exactly MAX_NESTING_DEPTH levels, the body object counted as the first', () => {
    const atLimit = { campaign_id: 'c', broadcast: true, trigger_properties: nested(MAX_NESTING_DEPTH - 1) };
    const overLimit = { campaign_id: 'c', broadcast: true, trigger_properties: nested(MAX_NESTING_DEPTH) };
    expect(depthOf(atLimit)).toBe(MAX_NESTING_DEPTH);
    expect(jsonTextExceedsDepth(JSON.stringify(atLimit))).toBe(false);
    expect(jsonTextExceedsDepth(JSON.stringify(overLimit))).toBe(true);
  });

  it('answers a too-deep body with a 400 that names the limit, before parsing it: even 4 MB of brackets', () => {
    const brackets = '['.repeat(2_000_000) + ']'.repeat(2_000_000);
    const result = parseRequestBody(`{"campaign_id":"c","trigger_properties":{"x":${brackets}}}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.httpStatus).toBe(400);
    expect(result.error.message).toBe(MESSAGES.bad_request);
    expect(result.error.errors).toEqual([NESTING_DEPTH_ERROR]);
    expect(NESTING_DEPTH_ERROR).toContain(String(MAX_NESTING_DEPTH));
  });

  it('refuses a too-deep value given already parsed (the client validates before sending), cycles included', () => {
    const recipients = [{ external_user_id: 'u', attributes: { deep: nested(3000) } }];
    const trigger = validateCampaignTriggerSend({ campaign_id: 'c', recipients });
    expect(trigger.ok ? undefined : trigger.error.errors).toEqual([NESTING_DEPTH_ERROR]);
    const track = validateUsersTrack({ attributes: [{ external_id: 'u', deep: nested(MAX_NESTING_DEPTH) }] });
    expect(track.ok ? undefined : track.error.errors).toEqual([NESTING_DEPTH_ERROR]);
    const cyclic: Record<string, unknown> = { campaign_id: 'c', broadcast: true };
    cyclic.trigger_properties = { self: cyclic };
    expect(valueExceedsDepth(cyclic)).toBe(true);
    expect(validateCampaignTriggerSend({ campaign_id: 'c', broadcast: true, trigger_properties: { a: nested(10) } }).ok).toBe(true);
  });
});
