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
      { type: 'attributes[1]: specify exactly one of external_id, user_alias, braze_id, email, phone', input_array: 'attributes', index: 1 },
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
      { type: 'attributes[2]: specify exactly one of external_id, user_alias, braze_id, email, phone', input_array: 'attributes', index: 2 },
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

  it('is fatal for a non-object body or a non-array list', () => {
    const notObject = validateUsersTrack([]);
    expect(!notObject.ok && notObject.error.message).toBe(MESSAGES.invalid_body);
    const notArray = validateUsersTrack({ attributes: {} });
    expect(!notArray.ok && [notArray.error.message, notArray.error.errors]).toEqual([MESSAGES.bad_request, ['attributes: must be an array']]);
  });

  const items = (count: number, make: (index: number) => object) => Array.from({ length: count }, (_, index) => make(index));
  const attribute = (index: number) => ({ external_id: `u-${index}`, plan: 'p' });
  const event = (index: number) => ({ external_id: `u-${index}`, name: 'e', time: '2024-05-01' });

  // Rev 2: "Up to 75 total objects combined across attributes, events, and purchases per API request."
  it('allows 75 objects in all three arrays together by default, and answers Max Input Length Exceeded past that', () => {
    expect(validateUsersTrack({ attributes: items(40, attribute), events: items(35, event) }).ok).toBe(true);
    const over = validateUsersTrack({ attributes: items(40, attribute), events: items(30, event), purchases: items(6, () => ({})) });
    expect(!over.ok && [over.error.httpStatus, over.error.message, over.error.errors]).toEqual([
      400,
      'Max Input Length Exceeded',
      ['attributes, events, purchases: at most 75 objects in all, got 76'],
    ]);
    const oneArray = validateUsersTrack({ events: items(76, () => ({})) }, { batch: 'combined' });
    expect(!oneArray.ok && oneArray.error.message).toBe(MESSAGES.max_input_length_exceeded);
  });

  // "Customers on legacy rate limits can include up to 75 objects per array independently."
  it('allows 75 objects per array with batch per_array, and names each array over it', () => {
    expect(validateUsersTrack({ attributes: items(75, attribute), events: items(75, event) }, { batch: 'per_array' }).ok).toBe(true);
    const over = validateUsersTrack({ attributes: items(76, attribute), events: items(75, event), purchases: items(76, () => ({})) }, { batch: 'per_array' });
    expect(!over.ok && [over.error.message, over.error.errors]).toEqual([MESSAGES.max_input_length_exceeded, ['attributes: must have at most 75 items', 'purchases: must have at most 75 items']]);
  });

  it('reports a list that is not an array before the limit', () => {
    const both = validateUsersTrack({ attributes: {}, events: items(76, event) });
    expect(!both.ok && [both.error.message, both.error.errors]).toEqual([MESSAGES.bad_request, ['attributes: must be an array', 'attributes, events, purchases: at most 75 objects in all, got 76']]);
  });

  // Rev 2: phone identifies an item when no external_id, user_alias or braze_id does, after email.
  it('names a user by phone when there is no other identifier, and by email before phone', () => {
    const result = validateUsersTrack({
      attributes: [
        { phone: '+15555550100', first_name: 'Pat' },
        { email: 'e@example.com', phone: '+15555550101' },
        { external_id: 'u', phone: '+15555550102' },
        { phone: null, plan: 'p' },
      ],
      events: [
        { phone: '+15555550100', name: 'called', time: '2024-05-01' },
        { email: 'e@example.com', phone: '+15555550101', name: 'called', time: '2024-05-01' },
        { external_id: 'u', phone: '+15555550100', name: 'called', time: '2024-05-01' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.attributes).toEqual([
      { index: 0, item: { phone: '+15555550100', _update_existing_only: false, attributes: { phone: '+15555550100', first_name: 'Pat' } } },
      { index: 1, item: { email: 'e@example.com', _update_existing_only: false, attributes: { email: 'e@example.com', phone: '+15555550101' } } },
      { index: 2, item: { external_id: 'u', _update_existing_only: false, attributes: { phone: '+15555550102' } } },
    ]);
    expect(result.value.events?.map(({ item }) => [item.email, item.phone, item._update_existing_only])).toEqual([
      [undefined, '+15555550100', false],
      ['e@example.com', undefined, false],
    ]);
    expect(result.value.itemErrors).toEqual([
      { type: 'attributes[3]: specify exactly one of external_id, user_alias, braze_id, email, phone', input_array: 'attributes', index: 3 },
      { type: 'events[2]: specify exactly one of external_id, user_alias, braze_id, email, phone', input_array: 'events', index: 2 },
    ]);
  });

  // Rev 2: an invalid nested value is not fatal; the item counts as processed and gets an errors entry naming the path.
  it('processes an item with an invalid nested value without its nested updates, and reports the path', () => {
    const result = validateUsersTrack({
      attributes: [
        { external_id: 'u-0', plan: 'a' },
        { external_id: 'u-1', plan: 'b' },
        { external_id: 'u-2', plan: 'pro', d: { b: { $time: 'soon' } }, home: { city: 'Oslo' } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.attributes?.map(({ index, item }) => [index, item.attributes])).toEqual([
      [0, { plan: 'a' }],
      [1, { plan: 'b' }],
      [2, { plan: 'pro' }],
    ]);
    expect(result.value.itemErrors).toEqual([{ type: 'attributes[2].d.b.$time: must be an ISO-8601 date or time', input_array: 'attributes', index: 2 }]);
  });
});
