import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { validateUsersTrack } from './users-track.validation';

describe('validateUsersTrack: spec 8', () => {
  it('returns valid items with their index and reports invalid ones without failing the request', () => {
    const result = validateUsersTrack({
      attributes: [
        { external_id: 'u-1', first_name: 'Ann', _merge_objects: true },
        { external_id: 'u-2', user_alias: { alias_name: 'a', alias_label: 'b' } },
        { user_alias: { alias_name: 'a', alias_label: 'b' }, gender: 'x' },
        { email: 'e@example.com', plan: 'gold' },
      ],
      events: [{ external_id: 'u-1', name: 'opened', time: '2024-05-01T10:00:00Z', properties: { n: 1 } }, { external_id: 'u-1', name: '' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.attributes).toEqual([
      { index: 0, item: { external_id: 'u-1', _update_existing_only: false, attributes: { first_name: 'Ann', _merge_objects: true } } },
      { index: 3, item: { email: 'e@example.com', _update_existing_only: false, attributes: { email: 'e@example.com', plan: 'gold' } } },
    ]);
    expect(result.value.events).toEqual([{ index: 0, item: { external_id: 'u-1', name: 'opened', time: '2024-05-01T10:00:00Z', properties: { n: 1 }, _update_existing_only: false } }]);
    expect(result.value.purchases).toBeUndefined();
    expect(result.value.itemErrors).toEqual([
      { type: 'attributes[1]: specify exactly one of external_id, user_alias, braze_id, email', input_array: 'attributes', index: 1 },
      { type: 'attributes[2].gender: must be one of "M", "F", "O", "N", "P"', input_array: 'attributes', index: 2 },
      { type: 'events[1].name: must not be empty; events[1].time: required', input_array: 'events', index: 1 },
    ]);
  });

  it('defaults _update_existing_only: false for external_id, true for user_alias; an explicit value wins', () => {
    const result = validateUsersTrack({
      attributes: [{ user_alias: { alias_name: 'a', alias_label: 'b' }, plan: 'p' }, { external_id: 'u', _update_existing_only: true }],
    });
    expect(result.ok && result.value.attributes?.map(({ item }) => item._update_existing_only)).toEqual([true, true]);
  });

  it('keeps email as an attribute when another identifier names the user', () => {
    const result = validateUsersTrack({ attributes: [{ external_id: 'u', email: 'x@example.com' }] });
    expect(result.ok && result.value.attributes?.[0]?.item).toEqual({ external_id: 'u', _update_existing_only: false, attributes: { email: 'x@example.com' } });
  });

  it('lets email: null remove the email attribute when another identifier names the user (spec 7: null removes)', () => {
    const result = validateUsersTrack({
      attributes: [
        { external_id: 'u', email: null },
        { braze_id: 'b', email: 'not-an-email' },
        { email: null, plan: 'p' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.attributes).toEqual([{ index: 0, item: { external_id: 'u', _update_existing_only: false, attributes: { email: null } } }]);
    expect(result.value.itemErrors).toEqual([
      { type: 'attributes[1].email: must be an email address', input_array: 'attributes', index: 1 },
      { type: 'attributes[2]: specify exactly one of external_id, user_alias, braze_id, email', input_array: 'attributes', index: 2 },
    ]);
  });

  it('validates purchases', () => {
    const result = validateUsersTrack({
      purchases: [
        { external_id: 'u', product_id: 'p', currency: 'USD', price: 9.5, time: '2024-05-01', quantity: 2 },
        { external_id: 'u', product_id: 'p', currency: 'dollars', price: '9', time: '2024-05-01' },
      ],
    });
    expect(result.ok && result.value.purchases?.length).toBe(1);
    expect(result.ok && result.value.itemErrors).toEqual([
      { type: 'purchases[1].currency: must be an ISO-4217 currency code such as USD; purchases[1].price: must be a number, got string', input_array: 'purchases', index: 1 },
    ]);
  });

  it('is fatal for a non-object body, a non-array list or more than 75 items', () => {
    const notObject = validateUsersTrack([]);
    expect(!notObject.ok && notObject.error.message).toBe(MESSAGES.invalid_body);
    const tooMany = validateUsersTrack({ events: Array.from({ length: 76 }, () => ({})) });
    expect(!tooMany.ok && [tooMany.error.status, tooMany.error.message, tooMany.error.errors]).toEqual([400, 'Bad Request', ['events: must have at most 75 items']]);
    const notArray = validateUsersTrack({ attributes: {} });
    expect(!notArray.ok && notArray.error.errors).toEqual(['attributes: must be an array']);
  });
});
