import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { validateCanvasTriggerSend } from './canvas-trigger-send.validation';

function rejection(input: unknown): { status: number; message: string; errors: readonly string[] } {
  const result = validateCanvasTriggerSend(input);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return { status: result.error.httpStatus, message: result.error.message, errors: result.error.errors };
}

describe('validateCanvasTriggerSend: spec 4', () => {
  it('requires canvas_id as a string', () => {
    expect(rejection({ recipients: [{ external_user_id: 'u' }] })).toEqual({ status: 400, message: MESSAGES.invalid_canvas_id, errors: ['canvas_id: required'] });
    expect(rejection({ canvas_id: 1, broadcast: true }).message).toBe('canvas_id must be a string of the Canvas api identifier');
  });

  it('normalizes canvas_entry_properties to context at both levels and ignores send_id', () => {
    const result = validateCanvasTriggerSend({
      canvas_id: 'cv',
      send_id: 'ignored',
      canvas_entry_properties: { step: 1 },
      recipients: [{ external_user_id: 'u', canvas_entry_properties: { step: 2 } }, { external_user_id: 'v', context: '' }],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        canvas_id: 'cv',
        broadcast: false,
        context: { step: 1 },
        recipients: [
          { external_user_id: 'u', send_to_existing_only: true, context: { step: 2 } },
          { external_user_id: 'v', send_to_existing_only: true },
        ],
      },
    });
  });

  it('rejects context and canvas_entry_properties at one level, at its path', () => {
    expect(rejection({ canvas_id: 'cv', broadcast: true, context: { a: 1 }, canvas_entry_properties: { a: 2 } })).toEqual({
      status: 400,
      message: MESSAGES.bad_request,
      errors: ['context: use either context or canvas_entry_properties, not both'],
    });
    const nested = rejection({ canvas_id: 'cv', recipients: [{ external_user_id: 'u', context: {}, canvas_entry_properties: {} }] });
    expect(nested.errors).toEqual(['recipients[0].context: use either context or canvas_entry_properties, not both']);
    expect(validateCanvasTriggerSend({ canvas_id: 'cv', broadcast: true, context: { a: 1 }, canvas_entry_properties: '' }).ok).toBe(true);
  });

  it('applies the campaign rules: recipients, identifiers, audience, attributes, 50 KB context', () => {
    expect(rejection({ canvas_id: 'cv' }).message).toBe(MESSAGES.no_recipients);
    expect(rejection({ canvas_id: 'cv', broadcast: true, recipients: [{ external_user_id: 'u' }] }).message).toBe(MESSAGES.broadcast_with_recipients);
    expect(rejection({ canvas_id: 'cv', recipients: [{}] }).errors).toEqual(['recipients[0]: specify exactly one of external_user_id, user_alias, braze_id, email']);
    expect(rejection({ canvas_id: 'cv', broadcast: true, audience: { OR: [] } }).message).toBe(MESSAGES.invalid_audience);
    expect(rejection({ canvas_id: 'cv', recipients: [{ external_user_id: 'u', attributes: { dob: 'x' } }] }).message).toBe(MESSAGES.invalid_attributes);
    const big = rejection({ canvas_id: 'cv', recipients: [{ external_user_id: 'u', context: { k: 'x'.repeat(52_000) } }] });
    expect(big.message).toBe(MESSAGES.trigger_properties_too_large);
    expect(big.errors[0]).toMatch(/^recipients\[0\]\.context: exceeds 50KB/);
  });
});
