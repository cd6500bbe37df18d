import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { validateSendsIdCreate } from './sends-id-create.validation';

describe('validateSendsIdCreate: spec 8b', () => {
  it('accepts a campaign_id with or without send_id', () => {
    expect(validateSendsIdCreate({ campaign_id: 'c' })).toEqual({ ok: true, value: { campaign_id: 'c' } });
    expect(validateSendsIdCreate({ campaign_id: 'c', send_id: 'x'.repeat(64) }).ok).toBe(true);
  });

  it('rejects a send_id that is not ASCII or over 64 characters with "Bad Request"', () => {
    for (const send_id of ['x'.repeat(65), 'naïve', '']) {
      const result = validateSendsIdCreate({ campaign_id: 'c', send_id });
      expect(!result.ok && [result.error.httpStatus, result.error.message, result.error.errors]).toEqual([400, MESSAGES.bad_request, ['send_id: must be 1 to 64 ASCII characters']]);
    }
  });

  it('rejects a missing campaign_id', () => {
    const result = validateSendsIdCreate({});
    expect(!result.ok && [result.error.message, result.error.errors]).toEqual([MESSAGES.invalid_campaign_id, ['campaign_id: required']]);
  });
});
