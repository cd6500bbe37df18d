import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { droppedNestedValues } from '../../schema';
import { parseRequestBody } from './request-body.validation';
import { validateCanvasTriggerSend } from './canvas-trigger-send.validation';
import { MAX_CHECKED_RECIPIENTS, validateCampaignTriggerSend } from './trigger-send.validation';

const valid = { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1' }] };

function rejection(input: unknown): { status: number; message: string; errors: readonly string[] } {
  const result = validateCampaignTriggerSend(input);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return { status: result.error.httpStatus, message: result.error.message, errors: result.error.errors };
}

describe('validateCampaignTriggerSend: spec 3.2, rule by rule', () => {
  it('accepts a minimal request and applies defaults', () => {
    const result = validateCampaignTriggerSend(valid);
    expect(result).toEqual({ ok: true, value: { campaign_id: 'c-1', broadcast: false, recipients: [{ external_user_id: 'u-1', send_to_existing_only: true }] } });
  });

  it('rule 1: a body that is not a JSON object', () => {
    for (const body of [null, [], 'x', 3]) {
      expect(rejection(body)).toEqual({ status: 400, message: MESSAGES.invalid_body, errors: [MESSAGES.invalid_body] });
    }
    const parsed = parseRequestBody('{not json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.error.httpStatus, parsed.error.message]).toEqual([400, MESSAGES.invalid_body]);
  });

  it('rule 2: a body over 4 MB is 413', () => {
    const parsed = parseRequestBody(JSON.stringify({ campaign_id: 'c', pad: 'x'.repeat(4_194_304) }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.toBody()).toEqual({ message: 'Payload Too Large' });
    if (!parsed.ok) expect(parsed.error.httpStatus).toBe(413);
  });

  it('rule 3: campaign_id missing or not a string', () => {
    expect(rejection({ recipients: valid.recipients })).toEqual({ status: 400, message: MESSAGES.invalid_campaign_id, errors: ['campaign_id: required'] });
    expect(rejection({ ...valid, campaign_id: 7 }).errors).toEqual(['campaign_id: must be a string, got number']);
  });

  it('rule 4: more than 50 recipients', () => {
    const recipients = Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u-${i}` }));
    expect(rejection({ campaign_id: 'c', recipients })).toEqual({ status: 400, message: MESSAGES.too_many_recipients, errors: ['recipients: must have at most 50 items'] });
  });

  it('rule 4 still lists the problems of the recipients themselves (errors lists every problem)', () => {
    const recipients: object[] = Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u-${i}` }));
    recipients[3] = { email: 'a@example.com' };
    recipients[50] = { external_user_id: 'u', attributes: { gender: 'X' } };
    expect(rejection({ campaign_id: 'c', recipients })).toEqual({
      status: 400,
      message: MESSAGES.too_many_recipients,
      errors: [
        'recipients[3].prioritization: required with email',
        expect.stringMatching(/^recipients\[50\]\.attributes\.gender: /),
        'recipients: must have at most 50 items',
      ],
    });
  });

  it('rule 4 checks at most MAX_CHECKED_RECIPIENTS recipients one by one, and says which were not checked', () => {
    const recipients: object[] = Array.from({ length: 5_000 }, () => ({}));
    recipients.fill({ external_user_id: 'u' }, 0, 5_000);
    recipients[3] = {};
    recipients[2_000] = {};
    expect(rejection({ campaign_id: 'c', recipients })).toEqual({
      status: 400,
      message: MESSAGES.too_many_recipients,
      errors: [
        'recipients[3]: specify exactly one of external_user_id, user_alias, braze_id, email',
        'recipients: must have at most 50 items',
        `recipients[${MAX_CHECKED_RECIPIENTS}]: this and the 3999 recipients after it were not checked (the request has 5000, the limit is 50)`,
      ],
    });
    expect(validateCanvasTriggerSend({ canvas_id: 'c', recipients }).ok).toBe(false);
  });

  it('rule 5: broadcast with recipients', () => {
    expect(rejection({ ...valid, broadcast: true })).toMatchObject({ status: 400, message: MESSAGES.broadcast_with_recipients, errors: ['recipients: broadcast cannot be true when recipients are specified'] });
  });

  it('rule 6: no recipients and no broadcast (an empty array counts as missing)', () => {
    for (const body of [{ campaign_id: 'c' }, { campaign_id: 'c', recipients: [] }, { campaign_id: 'c', broadcast: false }]) {
      expect(rejection(body)).toMatchObject({ status: 400, message: MESSAGES.no_recipients, errors: ['recipients: required (non-empty) unless broadcast is true'] });
    }
    expect(validateCampaignTriggerSend({ campaign_id: 'c', broadcast: true, recipients: [] })).toMatchObject({ ok: true, value: { broadcast: true } });
  });

  it('rule 7: zero or several identifiers', () => {
    const recipients = [{ external_user_id: 'a' }, { external_user_id: 'b' }, { external_user_id: 'c', braze_id: 'x' }, { attributes: { plan: 'p' } }];
    expect(rejection({ campaign_id: 'c', recipients })).toEqual({
      status: 400,
      message: MESSAGES.invalid_recipient,
      errors: ['recipients[2]: specify exactly one of external_user_id, user_alias, braze_id, email', 'recipients[3]: specify exactly one of external_user_id, user_alias, braze_id, email'],
    });
    const alias = rejection({ campaign_id: 'c', recipients: [{}, {}, {}, { user_alias: { alias_name: 'n' } }] });
    expect(alias.errors).toContain('recipients[3].user_alias.alias_label: required');
  });

  it('rule 8: email without prioritization, or a bad prioritization', () => {
    expect(rejection({ campaign_id: 'c', recipients: [{ email: 'a@b.c' }] })).toEqual({ status: 400, message: MESSAGES.invalid_recipient, errors: ['recipients[0].prioritization: required with email'] });
    expect(rejection({ campaign_id: 'c', recipients: [{ email: 'a@b.c', prioritization: ['identified', 'unidentified'] }] }).errors).toEqual([
      'recipients[0].prioritization: cannot contain both identified and unidentified',
    ]);
    expect(rejection({ campaign_id: 'c', recipients: [{ email: 'a@b.c', prioritization: ['newest'] }] })).toMatchObject({ message: MESSAGES.invalid_recipient });
    expect(rejection({ campaign_id: 'c', recipients: [{ external_user_id: 'u', prioritization: ['identified'] }] }).errors).toEqual(['recipients[0].prioritization: only allowed with email']);
    expect(validateCampaignTriggerSend({ campaign_id: 'c', recipients: [{ email: 'a@b.c', prioritization: ['identified', 'most_recently_updated'] }] }).ok).toBe(true);
  });

  it('rule 9: send_to_existing_only false with user_alias', () => {
    const body = { campaign_id: 'c', recipients: [{ user_alias: { alias_name: 'n', alias_label: 'l' }, send_to_existing_only: false }] };
    expect(rejection(body)).toEqual({ status: 400, message: MESSAGES.invalid_recipient, errors: ['recipients[0]: send_to_existing_only cannot be false for a user_alias recipient'] });
  });

  it('rule 10: trigger_properties over 50 KB, at either level (51,200 bytes of UTF-8 JSON)', () => {
    const atLimit = { k: 'x'.repeat(51_200 - '{"k":""}'.length) };
    expect(validateCampaignTriggerSend({ ...valid, trigger_properties: atLimit }).ok).toBe(true);
    const over = { k: 'é'.repeat(25_600) };
    const top = rejection({ ...valid, trigger_properties: over });
    expect(top.message).toBe(MESSAGES.trigger_properties_too_large);
    expect(top.errors[0]).toMatch(/^trigger_properties: exceeds 50KB/);
    const nested = rejection({ campaign_id: 'c', recipients: [{ external_user_id: 'u', trigger_properties: over }] });
    expect(nested.errors[0]).toMatch(/^recipients\[0\]\.trigger_properties: exceeds 50KB/);
  });

  it('treats "" trigger_properties as absent', () => {
    const result = validateCampaignTriggerSend({ ...valid, trigger_properties: '', recipients: [{ external_user_id: 'u', trigger_properties: '' }] });
    expect(result.ok && result.value.trigger_properties).toBeUndefined();
    expect(result.ok && result.value.recipients?.[0]?.trigger_properties).toBeUndefined();
  });

  it('rule 11: invalid audience', () => {
    const body = { campaign_id: 'c', broadcast: true, audience: { AND: [{ custom_attribute: { custom_attribute_name: 'x', comparison: 'nope', value: 1 } }] } };
    expect(rejection(body)).toEqual({ status: 400, message: MESSAGES.invalid_audience, errors: ['audience.AND[0].custom_attribute.comparison: unknown value "nope"'] });
  });

  it('rule 12: invalid attributes', () => {
    const body = { campaign_id: 'c', recipients: [{ external_user_id: 'u', attributes: { gender: 'female', plan: 'x'.repeat(256), pets: { '$update:': [] } } }] };
    expect(rejection(body)).toEqual({
      status: 400,
      message: MESSAGES.invalid_attributes,
      errors: ['recipients[0].attributes.gender: must be one of "M", "F", "O", "N", "P"', 'recipients[0].attributes.plan: must be at most 255 characters'],
    });
  });

  // Rev 2: only structural problems are rule 12; an invalid nested value, a country name and a non-IANA time zone are not errors.
  it('accepts an invalid nested value, dropping the nested updates, and lenient country and time_zone', () => {
    const body = {
      campaign_id: 'c',
      recipients: [{ external_user_id: 'u', attributes: { plan: 'pro', pets: { '$update:': [] }, home: { city: 'Oslo' }, country: 'Australia', time_zone: 'Mars/Base' } }],
    };
    const result = validateCampaignTriggerSend(body);
    expect(result.ok).toBe(true);
    const attributes = result.ok ? result.value.recipients?.[0]?.attributes : undefined;
    expect(attributes).toEqual({ plan: 'pro', country: 'AU', time_zone: undefined });
    expect(droppedNestedValues(attributes)).toEqual([{ path: ['pets', '$update:'], message: 'unknown operator "$update:"' }]);
  });

  it('rule 13: wrong JSON types anywhere', () => {
    expect(rejection({ ...valid, broadcast: 'yes' })).toEqual({ status: 400, message: MESSAGES.bad_request, errors: ['broadcast: must be a boolean, got string'] });
    expect(rejection({ ...valid, send_id: 'ü' }).errors).toEqual(['send_id: must be 1 to 64 ASCII characters']);
    expect(rejection({ ...valid, recipients: [{ external_user_id: 'u', send_to_existing_only: 'no' }] }).message).toBe(MESSAGES.bad_request);
  });

  it('rejects attachments with broadcast, accepts them otherwise', () => {
    const attachments = [{ file_name: 'a.pdf', url: 'https://example.com/a.pdf' }];
    expect(rejection({ campaign_id: 'c', broadcast: true, attachments })).toEqual({ status: 400, message: MESSAGES.bad_request, errors: ['attachments: cannot be used with broadcast'] });
    expect(validateCampaignTriggerSend({ ...valid, attachments })).toMatchObject({ ok: true, value: { attachments } });
  });

  it('names the first failing rule in spec order and lists every problem', () => {
    const body = { broadcast: 'yes', recipients: [{ external_user_id: 'u', braze_id: 'b', attributes: { $x: 1 } }], audience: {} };
    const { message, errors } = rejection(body);
    expect(message).toBe(MESSAGES.invalid_campaign_id);
    expect(errors).toEqual([
      'campaign_id: required',
      'broadcast: must be a boolean, got string',
      expect.stringMatching(/^audience: must have one of/),
      'recipients[0].attributes.$x: attribute names must not start with $',
      'recipients[0]: specify exactly one of external_user_id, user_alias, braze_id, email',
    ]);
  });

  it('strips unknown fields (including api_key) and keeps __proto__ keys of trigger_properties as data', () => {
    const body: unknown = JSON.parse('{"campaign_id":"c","api_key":"secret","extra":1,"trigger_properties":{"__proto__":{"polluted":1}},"recipients":[{"external_user_id":"u","x":1}]}');
    const result = validateCampaignTriggerSend(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.value)).not.toContain('api_key');
    expect(Object.keys(result.value)).not.toContain('extra');
    expect(Object.hasOwn(result.value.trigger_properties ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
