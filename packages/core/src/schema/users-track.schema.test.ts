import { describe, expect, it } from 'vitest';
import { validateUsersTrack } from '../rules/request-validation/users-track.validation';
import { MAX_ATTRIBUTE_LIST_ITEMS, MAX_ATTRIBUTES_PER_OBJECT, MAX_LISTED_ATTRIBUTE_PROBLEMS } from './attributes.schema';
import { MAX_USERS_TRACK_ITEMS } from './users-track.schema';

function itemWithKeys(index: number, count: number, keyOf: (key: number) => string): Record<string, unknown> {
  const item: Record<string, unknown> = { external_id: `u-${index}` };
  for (let key = 0; key < count; key += 1) item[keyOf(key)] = 1;
  return item;
}

function itemErrorsOf(attributes: unknown[]) {
  const result = validateUsersTrack({ attributes });
  if (!result.ok) throw new Error('expected a processable body');
  return result.value;
}

describe('users/track attributes items: pathological bodies stay cheap and per item (spec 8)', () => {
  it('reports each item with thousands of bad keys as one too-many-attributes error', () => {
    const attributes = Array.from({ length: MAX_USERS_TRACK_ITEMS }, (_, index) => itemWithKeys(index, 3000, (key) => `$k${key}`));
    const { itemErrors, attributes: valid } = itemErrorsOf(attributes);
    expect(valid).toEqual([]);
    expect(itemErrors).toEqual(
      attributes.map((_, index) => ({ type: `attributes[${index}]: too many attributes (3000, at most ${MAX_ATTRIBUTES_PER_OBJECT})`, input_array: 'attributes', index })),
    );
  });

  it('lists at most the first problems of an item with many bad keys under the cap', () => {
    const { itemErrors } = itemErrorsOf([itemWithKeys(0, MAX_ATTRIBUTES_PER_OBJECT, (key) => `$k${key}`)]);
    expect(itemErrors).toHaveLength(1);
    const problems = itemErrors[0]?.type.split('; ') ?? [];
    expect(problems).toHaveLength(MAX_LISTED_ATTRIBUTE_PROBLEMS + 1);
    expect(problems[0]).toBe('attributes[0].$k0: attribute names must not start with $');
    expect(problems.at(-1)).toBe(`attributes[0]: listing stops at ${MAX_LISTED_ATTRIBUTE_PROBLEMS} problems`);
  });

  it('reports an item whose add operand or push_tokens holds a million bad values with one problem', () => {
    const { itemErrors } = itemErrorsOf([
      { external_id: 'u-0', tags: { add: Array.from({ length: 1_000_000 }, () => 1) } },
      { external_id: 'u-1', push_tokens: Array.from({ length: 1_000_000 }, () => 1) },
    ]);
    expect(itemErrors).toEqual([
      { type: `attributes[0].tags.add: must have at most ${MAX_ATTRIBUTE_LIST_ITEMS} items`, input_array: 'attributes', index: 0 },
      { type: `attributes[1].push_tokens: must have at most ${MAX_ATTRIBUTE_LIST_ITEMS} items`, input_array: 'attributes', index: 1 },
    ]);
  });

  it('still processes valid items next to bad ones, and reports a realistic bad item in full', () => {
    const { itemErrors, attributes } = itemErrorsOf([
      itemWithKeys(0, MAX_ATTRIBUTES_PER_OBJECT, (key) => `k${key}`),
      { external_id: 'u-1', $a: 1, tags: { add: [1] } },
    ]);
    expect(attributes?.map(({ index }) => index)).toEqual([0]);
    expect(itemErrors).toEqual([
      { type: 'attributes[1].$a: attribute names must not start with $; attributes[1].tags.add[0]: must be a string, got number', input_array: 'attributes', index: 1 },
    ]);
  });
});
