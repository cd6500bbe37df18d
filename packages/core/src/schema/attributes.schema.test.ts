import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributesObjectSchema, droppedNestedValues, IDENTIFIER_ATTRIBUTE_KEYS, MAX_ATTRIBUTE_LIST_ITEMS, MAX_ATTRIBUTES_PER_OBJECT, MAX_CUSTOM_ARRAY_ITEMS, MAX_LISTED_ATTRIBUTE_PROBLEMS, STANDARD_ATTRIBUTE_NAMES } from './attributes.schema';
import { formatIssue, PARSE_OPTIONS } from './issue-messages.schema';
import { applyAttributes } from '../rules/attributes.rules';

function errorsOf(input: unknown): string[] {
  const result = attributesObjectSchema.safeParse(input, PARSE_OPTIONS);
  return result.success ? [] : result.error.issues.map((issue) => formatIssue(issue, ['attributes']));
}

describe('attributesObjectSchema: standard attributes', () => {
  it('accepts every documented form', () => {
    const input = {
      first_name: 'Ann',
      last_name: null,
      email: 'ann@example.com',
      phone: '+4915112345678',
      gender: 'F',
      dob: '1990-02-28',
      country: 'DE',
      language: 'de',
      home_city: 'Berlin',
      time_zone: 'Europe/Berlin',
      email_subscribe: 'opted_in',
      push_subscribe: 'unsubscribed',
      push_tokens: ['tok', { app_id: 'app', token: 'tok2' }],
      subscription_groups: [{ subscription_group_id: 'g1', subscription_state: 'subscribed' }],
    };
    expect(attributesObjectSchema.parse(input)).toEqual(input);
    expect(STANDARD_ATTRIBUTE_NAMES).toEqual(Object.keys(input));
  });

  it.each([
    ['gender', 'female'],
    ['dob', '1990-02-30'],
    ['dob', '02/03/1990'],
    ['country', 42],
    ['country', ['DE']],
    ['language', 'deu'],
    ['email_subscribe', 'yes'],
    ['push_tokens', [{ token: 'x' }]],
    ['subscription_groups', [{ subscription_group_id: 'g', subscription_state: 'opted_in' }]],
    ['email', 'not-an-email'],
    ['first_name', 42],
  ])('rejects %s = %j at its path', (key, value) => {
    const errors = errorsOf({ [key]: value });
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.startsWith(`attributes.${key}`)).toBe(true);
  });

  it('accepts UTC and Etc/* time zones', () => {
    expect(errorsOf({ time_zone: 'UTC' })).toEqual([]);
    expect(errorsOf({ time_zone: 'Etc/GMT+2' })).toEqual([]);
  });

  // ICU lists CLDR's older canonical names (Asia/Calcutta), but the current IANA names are just as valid.
  it.each(['Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'Pacific/Kanton', 'Asia/Calcutta', 'US/Eastern', 'GMT', 'Etc/UTC'])(
    'accepts the IANA time zone %s',
    (zone) => {
      expect(errorsOf({ time_zone: zone })).toEqual([]);
    },
  );

  // Rev 2 ("Only valid time zone values are set"): never an error, and the stored value stays.
  it.each(['asia/kolkata', 'EUROPE/BERLIN', 'utc', '+05:00', 'Z', '', 'Europe/', '/Berlin', 'Mars/Olympus', 42, { zone: 'UTC' }])('leaves the stored time zone unchanged for %j, without an error', (zone) => {
    expect(errorsOf({ time_zone: zone, plan: 'p' })).toEqual([]);
    const parsed = attributesObjectSchema.parse({ time_zone: zone, plan: 'p' });
    expect(Object.hasOwn(parsed, 'time_zone') && parsed.time_zone === undefined).toBe(true);
    expect(applyAttributes({ time_zone: 'Europe/Berlin' }, parsed)).toEqual({ time_zone: 'Europe/Berlin', plan: 'p' });
  });
});

describe('attributesObjectSchema: lenient country (Rev 2)', () => {
  const countryOf = (value: unknown): unknown => attributesObjectSchema.parse({ country: value }).country;

  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    ['uS', 'US'],
    ['xk', 'XK'],
    ['gb', 'GB'],
  ])('stores the ISO-3166 alpha-2 code %j in upper case', (value, code) => {
    expect(countryOf(value)).toBe(code);
  });

  it.each([
    ['Australia', 'AU'],
    ['australia', 'AU'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['UNITED STATES OF AMERICA', 'US'],
    ['Germany', 'DE'],
    ['Korea, Republic of', 'KR'],
    ['South Korea', 'KR'],
    ['Russian Federation', 'RU'],
    ['Russia', 'RU'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['Czechia', 'CZ'],
    ["Côte d'Ivoire", 'CI'],
    ['  Australia  ', 'AU'],
  ])('maps the English country name %j to its code %s', (value, code) => {
    expect(countryOf(value)).toBe(code);
  });

  // Codes ICU can name but ISO-3166-1 does not assign (reserved EU, UN; withdrawn SU, YU, CS; CLDR's own ZZ, QO), other languages, and nonsense.
  it.each(['Atlantis', 'ZZ', 'EU', 'UN', 'SU', 'YU', 'CS', 'AN', 'QO', 'XA', 'Deutschland', '', 'United', 'x'.repeat(5000)])('stores null (removes the attribute) for %j, without an error', (value) => {
    expect(errorsOf({ country: value })).toEqual([]);
    expect(countryOf(value)).toBeNull();
    expect(applyAttributes({ country: 'DE', plan: 'p' }, attributesObjectSchema.parse({ country: value }))).toEqual({ plan: 'p' });
  });

  it('keeps null as removal and refuses a non-string', () => {
    expect(countryOf(null)).toBeNull();
    expect(errorsOf({ country: 7 })).toEqual(['attributes.country: must be a string, got number']);
  });
});

describe('attributesObjectSchema: custom attributes', () => {
  it('accepts values and update operations', () => {
    const input = {
      plan: 'gold',
      visits: 3,
      vip: true,
      last_seen: '2024-05-01T10:00:00Z',
      tags: ['a', 'b'],
      address: { city: 'Berlin', moved_at: { $time: '2024-01-01' }, list: [1, 'x'] },
      gone: null,
      counter: { inc: 2 },
      topics: { add: ['x'] },
      old_topics: { remove: ['y'] },
      pets: { $add: [{ id: 1 }], $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { name: 'Rex' } }], $remove: [{ $identifier_key: 'id', $identifier_value: 2 }] },
      cars: [{ make: 'VW' }],
      _merge_objects: true,
    };
    expect(attributesObjectSchema.parse(input)).toEqual(input);
  });

  it('strips identifier keys and _update_existing_only', () => {
    expect(IDENTIFIER_ATTRIBUTE_KEYS).toEqual(['external_id', 'user_alias', 'braze_id']);
    expect(attributesObjectSchema.parse({ external_id: 'x', user_alias: {}, braze_id: 'b', _update_existing_only: true, plan: 'p' })).toEqual({ plan: 'p' });
  });

  it('rejects bad keys and values, each at its path', () => {
    expect(errorsOf({ '': 1 })).toEqual(['attributes[""]: attribute names must not be empty']);
    expect(errorsOf({ $plan: 1 })).toEqual(['attributes.$plan: attribute names must not start with $']);
    expect(errorsOf({ ['k'.repeat(256)]: 1 })).toHaveLength(1);
    // Keys count characters (code points) as string values do: 255 emoji are fine, 256 are not.
    expect(errorsOf({ ['😀'.repeat(255)]: '😀'.repeat(255) })).toEqual([]);
    expect(errorsOf({ ['😀'.repeat(256)]: 1 })).toHaveLength(1);
    expect(errorsOf({ plan: 'x'.repeat(256) })).toEqual(['attributes.plan: must be at most 255 characters']);
    expect(errorsOf({ tags: Array.from({ length: 101 }, () => 'a') })).toEqual(['attributes.tags: must have at most 100 items']);
    expect(errorsOf({ tags: ['a', 1] })).toEqual(['attributes.tags[1]: must be a string, got number']);
    expect(errorsOf({ counter: { inc: 'x' } })).toHaveLength(1);
    expect(errorsOf({ _merge_objects: 'yes' })).toEqual(['attributes._merge_objects: must be a boolean, got string']);
    expect(errorsOf('x')).toEqual(['attributes: must be an object']);
  });

  // Rev 2: an invalid nested value drops every nested update of the object, keeps the rest, and is no error.
  it.each([
    [{ pets: { '$update:': [] } }, 'pets.$update:: unknown operator "$update:"'],
    [{ address: { nested: { $foo: 1 } } }, 'address.nested.$foo: unknown operator "$foo"'],
    [{ pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1 }] } }, 'pets.$update[0].$new_object: must be an object'],
    [{ pets: { $remove: [{ $identifier_key: 'id' }] } }, 'pets.$remove[0].$identifier_value: required'],
    [{ pets: { $add: [{ a: 1 }], other: 1 } }, 'pets.other: cannot be combined with $add, $update, $remove'],
    [{ when: { $time: 'soon' } }, 'when.$time: must be an ISO-8601 date or time'],
    [{ d: { b: { $time: '2024-13-01' } } }, 'd.b.$time: must be an ISO-8601 date or time'],
  ])('drops the nested updates of %j, noting %s', (nested, problem) => {
    const input = { plan: 'gold', visits: { inc: 1 }, tags: ['a'], home: { city: 'Oslo' }, cars: [{ make: 'VW' }], ...nested };
    expect(errorsOf(input)).toEqual([]);
    const parsed = attributesObjectSchema.parse(input);
    expect(parsed).toEqual({ plan: 'gold', visits: { inc: 1 }, tags: ['a'] });
    expect(droppedNestedValues(parsed).map((value) => formatIssue(value))).toEqual([problem]);
  });

  it('notes nothing when every nested value is valid, and stays fatal for structural problems beside a bad nested value', () => {
    expect(droppedNestedValues(attributesObjectSchema.parse({ home: { at: { $time: '2024-01-01' } } }))).toEqual([]);
    expect(errorsOf({ when: { $time: 'soon' }, plan: 'x'.repeat(256) })).toEqual(['attributes.plan: must be at most 255 characters']);
    expect(errorsOf({ when: { $time: 'soon' }, $plan: 1 })).toEqual(['attributes.$plan: attribute names must not start with $']);
  });

  it('rejects hostile nesting without throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) deep = { a: deep };
    expect(errorsOf({ deep })[0]).toMatch(/must not nest deeper than/);
  });
});

describe('attributesObjectSchema: prototype safety', () => {
  it('keeps __proto__, constructor and prototype as own data, never touching a prototype', () => {
    const input: unknown = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":"p","nested":{"__proto__":{"polluted":3}}}');
    const output = attributesObjectSchema.parse(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output)).toEqual(['__proto__', 'constructor', 'prototype', 'nested']);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual(JSON.parse('{"polluted":1}'));
    const nested = output.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.hasOwn(nested, '__proto__')).toBe(true);
    expect(JSON.stringify(output)).toBe(JSON.stringify(input));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((output as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('never throws and never pollutes on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = attributesObjectSchema.safeParse(value, PARSE_OPTIONS);
        expect(typeof result.success).toBe('boolean');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('attributesObjectSchema: bounded work on pathological input', () => {
  const keyed = (count: number, keyOf: (index: number) => string, value: unknown = 1): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: count }, (_, index) => [keyOf(index), value]));

  it(`accepts ${MAX_ATTRIBUTES_PER_OBJECT} attributes; identifier keys and _merge_objects do not count`, () => {
    const input = { ...keyed(MAX_ATTRIBUTES_PER_OBJECT, (i) => `k${i}`), external_id: 'u-1', braze_id: 'b', _merge_objects: true };
    expect(errorsOf(input)).toEqual([]);
  });

  it('rejects more attributes with one error naming the count, without examining the keys', () => {
    expect(errorsOf(keyed(MAX_ATTRIBUTES_PER_OBJECT + 1, (i) => `k${i}`))).toEqual([`attributes: too many attributes (1001, at most 1000)`]);
    expect(errorsOf(keyed(3000, (i) => `$k${i}`))).toEqual([`attributes: too many attributes (3000, at most 1000)`]);
  });

  it(`lists at most ${MAX_LISTED_ATTRIBUTE_PROBLEMS} problems, then says more were left out`, () => {
    const errors = errorsOf(keyed(500, (i) => `$k${i}`));
    expect(errors).toHaveLength(MAX_LISTED_ATTRIBUTE_PROBLEMS + 1);
    expect(errors[0]).toBe('attributes.$k0: attribute names must not start with $');
    expect(errors.at(-1)).toBe(`attributes: listing stops at ${MAX_LISTED_ATTRIBUTE_PROBLEMS} problems`);
  });

  it('lists every problem, with no note, when there are fewer than the limit', () => {
    const errors = errorsOf(keyed(MAX_LISTED_ATTRIBUTE_PROBLEMS - 1, (i) => `$k${i}`));
    expect(errors).toHaveLength(MAX_LISTED_ATTRIBUTE_PROBLEMS - 1);
    expect(errors.every((error) => error.endsWith('must not start with $'))).toBe(true);
  });

  it('bounds the dropped values noted inside nested objects, nested arrays and object-array operations', () => {
    const nestedKeys = { profile: keyed(5000, (i) => `$k${i}`) };
    const nestedArray = { profile: { list: Array.from({ length: 5000 }, () => ({ $bad: 1 })) } };
    const objectArray = { pets: { $add: Array.from({ length: 5000 }, () => ({ $bad: 1 })) } };
    const updateFields = { pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: {}, ...keyed(5000, (i) => `x${i}`) }] } };
    for (const input of [nestedKeys, nestedArray, objectArray, updateFields]) {
      expect(errorsOf(input)).toEqual([]);
      expect(droppedNestedValues(attributesObjectSchema.parse(input))).toHaveLength(MAX_LISTED_ATTRIBUTE_PROBLEMS);
    }
  });

  it.each([
    ['an add operand', { tags: { add: Array.from({ length: MAX_ATTRIBUTE_LIST_ITEMS + 1 }, () => 'a') } }, 'attributes.tags.add'],
    ['a remove operand', { tags: { remove: Array.from({ length: MAX_ATTRIBUTE_LIST_ITEMS + 1 }, () => 1) } }, 'attributes.tags.remove'],
    ['push_tokens', { push_tokens: Array.from({ length: 100_000 }, () => 1) }, 'attributes.push_tokens'],
    ['subscription_groups', { subscription_groups: Array.from({ length: 100_000 }, () => 1) }, 'attributes.subscription_groups'],
  ])('reports %s longer than the list limit once, without examining its items', (_name, input, path) => {
    expect(errorsOf(input)).toEqual([`${path}: must have at most ${MAX_ATTRIBUTE_LIST_ITEMS} items`]);
  });

  it('accepts lists up to the limit, and lists at most the first problems of their items', () => {
    expect(errorsOf({ tags: { add: Array.from({ length: MAX_ATTRIBUTE_LIST_ITEMS }, (_, i) => `t${i}`) } })).toEqual([]);
    const errors = errorsOf({ tags: { add: Array.from({ length: MAX_ATTRIBUTE_LIST_ITEMS }, () => 1) }, push_tokens: [1] });
    expect(errors).toHaveLength(MAX_LISTED_ATTRIBUTE_PROBLEMS + 1);
    expect(errors[0]).toBe('attributes.tags.add[0]: must be a string, got number');
    expect(errors.at(-1)).toBe(`attributes: listing stops at ${MAX_LISTED_ATTRIBUTE_PROBLEMS} problems`);
  });

  it('keeps arrays of objects unbounded by the string-array limit', () => {
    expect(errorsOf({ pets: Array.from({ length: MAX_CUSTOM_ARRAY_ITEMS + 1 }, (_, i) => ({ id: i })) })).toEqual([]);
  });

  it(`reports an over-long string array once, not once per item`, () => {
    expect(errorsOf({ tags: Array.from({ length: 10_000 }, (_, i) => i) })).toEqual([`attributes.tags: must have at most ${MAX_CUSTOM_ARRAY_ITEMS} items`]);
  });
});
