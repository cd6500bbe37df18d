import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesObjectSchema } from '../schema/attributes.schema';
import { applyAttributes, toAttributeRecord, uniqueStrings, type AttributeRecord } from './attributes.rules';

const RUNS = { numRuns: 1_000 };
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

/** Plain JSON view, so assertions compare data and not prototypes. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('applyAttributes: plain values and removal', () => {
  it('overwrites a plain value and keeps the others', () => {
    expect(plain(applyAttributes({ first_name: 'Ann', plan: 'free' }, { plan: 'pro' }))).toEqual({ first_name: 'Ann', plan: 'pro' });
  });

  it('stores strings, numbers, booleans, string arrays and arrays of objects as given', () => {
    const update = { s: 'x', n: 1.5, b: false, tags: ['a', 'b'], pets: [{ name: 'Rex' }, { name: 'Rex' }] };
    expect(plain(applyAttributes({}, update))).toEqual(update);
  });

  // Rev 2: Braze shows ['hotdog','hotdog','hotdog','pizza'] as ['hotdog', 'pizza'].
  it('stores a plain string array without repeats, each value at its first occurrence', () => {
    expect(plain(applyAttributes({ foods: ['x'] }, { foods: ['hotdog', 'hotdog', 'hotdog', 'pizza'] }))).toEqual({ foods: ['hotdog', 'pizza'] });
    expect(plain(applyAttributes({}, { tags: ['b', 'a', 'b', 'c', 'a'], push_tokens: ['t', 't'] }))).toEqual({ tags: ['b', 'a', 'c'], push_tokens: ['t'] });
    expect(plain(applyAttributes({}, { empty: [] }))).toEqual({ empty: [] });
  });

  it('removes an attribute given null, and ignores null for an absent one', () => {
    const result = applyAttributes({ plan: 'pro', gender: 'F' }, { plan: null, missing: null });
    expect(plain(result)).toEqual({ gender: 'F' });
    expect(Object.hasOwn(result, 'missing')).toBe(false);
  });

  it('never stores identifier keys, _merge_objects or _update_existing_only', () => {
    const result = applyAttributes({}, { external_id: 'u-1', user_alias: { alias_name: 'a', alias_label: 'b' }, braze_id: 'b-1', _merge_objects: true, _update_existing_only: false, plan: 'pro' } as Record<string, unknown>);
    expect(plain(result)).toEqual({ plan: 'pro' });
  });

  it('cannot remove external_id through null', () => {
    expect(plain(applyAttributes({ external_id: 'kept' }, { external_id: null } as Record<string, unknown>))).toEqual({ external_id: 'kept' });
  });

  it('returns a new record with a null prototype and leaves both inputs untouched', () => {
    const current = { tags: ['a'], profile: { city: 'Oslo' } };
    const update = { tags: { add: ['b'] }, profile: { zip: '0150' }, _merge_objects: true };
    const before = structuredClone({ current, update });
    const result = applyAttributes(current, update);
    expect({ current, update }).toEqual(before);
    expect(result).not.toBe(current);
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(Object.getPrototypeOf(result['profile'])).toBeNull();
    expect(plain(result)).toEqual({ tags: ['a', 'b'], profile: { city: 'Oslo', zip: '0150' } });
  });

  it('ignores undefined values (not JSON) and drops non-finite numbers', () => {
    expect(plain(applyAttributes({ a: 1 }, { a: undefined, b: Number.NaN } as Record<string, unknown>))).toEqual({ a: 1 });
  });
});

describe('applyAttributes: {inc}', () => {
  it('adds to a stored number', () => {
    expect(applyAttributes({ visits: 2 }, { visits: { inc: 3 } })['visits']).toBe(5);
    expect(applyAttributes({ visits: 2 }, { visits: { inc: -0.5 } })['visits']).toBe(1.5);
  });

  it('counts a missing attribute as 0', () => {
    expect(applyAttributes({}, { visits: { inc: 4 } })['visits']).toBe(4);
  });

  it('counts a non-number stored value as 0', () => {
    expect(applyAttributes({ visits: 'many' }, { visits: { inc: 4 } })['visits']).toBe(4);
    expect(applyAttributes({ visits: ['x'] }, { visits: { inc: 1 } })['visits']).toBe(1);
  });

  it('leaves the value unchanged when the sum overflows', () => {
    expect(applyAttributes({ big: Number.MAX_VALUE }, { big: { inc: Number.MAX_VALUE } })['big']).toBe(Number.MAX_VALUE);
  });

  it('treats {inc} with a non-number operand as a nested object, as the schema does', () => {
    expect(plain(applyAttributes({}, { weird: { inc: 'x' } }))).toEqual({ weird: { inc: 'x' } });
  });
});

describe('applyAttributes: {add} / {remove}', () => {
  it('appends new values', () => {
    expect(applyAttributes({ tags: ['a'] }, { tags: { add: ['b', 'c'] } })['tags']).toEqual(['a', 'b', 'c']);
  });

  it('moves a re-added value to the end and keeps values unique', () => {
    expect(applyAttributes({ tags: ['a', 'b', 'c'] }, { tags: { add: ['a'] } })['tags']).toEqual(['b', 'c', 'a']);
    expect(applyAttributes({}, { tags: { add: ['x', 'y', 'x'] } })['tags']).toEqual(['y', 'x']);
  });

  it('creates the array when missing, and replaces a non-array value', () => {
    expect(applyAttributes({}, { tags: { add: ['a'] } })['tags']).toEqual(['a']);
    expect(applyAttributes({ tags: 'scalar' }, { tags: { add: ['a'] } })['tags']).toEqual(['a']);
  });

  it('removes every occurrence of the given values', () => {
    expect(applyAttributes({ tags: ['a', 'b', 'a', 'c'] }, { tags: { remove: ['a', 'zzz'] } })['tags']).toEqual(['b', 'c']);
  });

  it('keeps an emptied array, and leaves missing or non-array values alone on remove', () => {
    expect(applyAttributes({ tags: ['a'] }, { tags: { remove: ['a'] } })['tags']).toEqual([]);
    expect(Object.hasOwn(applyAttributes({}, { tags: { remove: ['a'] } }), 'tags')).toBe(false);
    expect(applyAttributes({ tags: 'a' }, { tags: { remove: ['a'] } })['tags']).toBe('a');
  });

  it('keeps at most 100 values after add, dropping the oldest (spec 7: arrays hold at most 100 items)', () => {
    const full = Array.from({ length: 100 }, (_, i) => `v${i}`);
    expect(applyAttributes({ tags: full }, { tags: { add: ['new'] } })['tags']).toEqual([...full.slice(1), 'new']);
    expect(applyAttributes({ tags: full }, { tags: { add: ['v0'] } })['tags']).toEqual([...full.slice(1), 'v0']);
    expect(applyAttributes({ tags: full }, { tags: { add: ['new'], remove: ['v5'] } })['tags']).toEqual([...full.filter((v) => v !== 'v5'), 'new']);
    const many = Array.from({ length: 150 }, (_, i) => `n${i}`);
    expect(applyAttributes({}, { tags: { add: many } })['tags']).toEqual(many.slice(50));
  });

  it('applies add, then remove, when both are given', () => {
    expect(applyAttributes({ tags: ['a', 'b'] }, { tags: { remove: ['b', 'c'], add: ['c', 'd'] } })['tags']).toEqual(['a', 'd']);
  });
});

describe('applyAttributes: nested objects', () => {
  const stored = { address: { city: 'Oslo', geo: { lat: 1, lng: 2 } } };

  it('replaces a stored object by default', () => {
    expect(plain(applyAttributes(stored, { address: { geo: { lat: 5 } } }))).toEqual({ address: { geo: { lat: 5 } } });
  });

  it('deep-merges with _merge_objects, removing nested keys given null', () => {
    const result = applyAttributes(stored, { address: { geo: { lat: 5 }, city: null, zip: '0150' }, _merge_objects: true });
    expect(plain(result)).toEqual({ address: { geo: { lat: 5, lng: 2 }, zip: '0150' } });
  });

  it('lets options.mergeObjects override the item flag', () => {
    expect(plain(applyAttributes(stored, { address: { zip: '1' } }, { mergeObjects: true }))).toEqual({ address: { city: 'Oslo', geo: { lat: 1, lng: 2 }, zip: '1' } });
    expect(plain(applyAttributes(stored, { address: { zip: '1' }, _merge_objects: true }, { mergeObjects: false }))).toEqual({ address: { zip: '1' } });
  });

  it('keeps nested null as data when replacing', () => {
    expect(plain(applyAttributes({}, { obj: { a: null } }))).toEqual({ obj: { a: null } });
  });

  it('merges over a non-object stored value by replacing it', () => {
    expect(plain(applyAttributes({ address: 'Oslo' }, { address: { city: 'Oslo' }, _merge_objects: true }))).toEqual({ address: { city: 'Oslo' } });
  });

  it('stores {$time} as its ISO-8601 string, at any depth and inside arrays', () => {
    const update = { $time_top: undefined, seen: { $time: '2024-05-01T10:00:00Z' }, trip: { start: { $time: '2024-06-01' }, legs: [{ at: { $time: '2024-06-02T08:00:00+02:00' } }] } };
    expect(plain(applyAttributes({}, update as Record<string, unknown>))).toEqual({
      seen: '2024-05-01T10:00:00Z',
      trip: { start: '2024-06-01', legs: [{ at: '2024-06-02T08:00:00+02:00' }] },
    });
  });

  it('never stores keys starting with $', () => {
    expect(plain(applyAttributes({}, { $bad: 1, obj: { $also: 2, ok: 3 } } as Record<string, unknown>))).toEqual({ obj: { ok: 3 } });
  });
});

describe('applyAttributes: arrays of objects', () => {
  const pets = [
    { id: 1, name: 'Rex', age: 3 },
    { id: 2, name: 'Tom', age: 5 },
    { id: 1, name: 'Rex II', age: 1 },
  ];

  it('$add appends objects, creating the array when missing', () => {
    expect(plain(applyAttributes({}, { pets: { $add: [{ id: 9 }] } }))).toEqual({ pets: [{ id: 9 }] });
    expect(plain(applyAttributes({ pets }, { pets: { $add: [{ id: 3, born: { $time: '2020-01-01' } }] } })['pets'])).toEqual([...pets, { id: 3, born: '2020-01-01' }]);
  });

  it('$update replaces every matching element without _merge_objects', () => {
    const result = applyAttributes({ pets }, { pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { id: 1, age: 9 } }] } });
    expect(plain(result['pets'])).toEqual([{ id: 1, age: 9 }, pets[1], { id: 1, age: 9 }]);
  });

  it('$update deep-merges into every matching element with _merge_objects', () => {
    const result = applyAttributes({ pets }, { pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { age: 9 } }] }, _merge_objects: true });
    expect(plain(result['pets'])).toEqual([{ id: 1, name: 'Rex', age: 9 }, pets[1], { id: 1, name: 'Rex II', age: 9 }]);
  });

  it('$update with no match, or on a missing attribute, changes nothing', () => {
    expect(plain(applyAttributes({ pets }, { pets: { $update: [{ $identifier_key: 'id', $identifier_value: '1', $new_object: { age: 0 } }] } }))).toEqual({ pets });
    expect(plain(applyAttributes({}, { pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { age: 0 } }] } }))).toEqual({ pets: [] });
  });

  it('$remove drops every matching element', () => {
    expect(plain(applyAttributes({ pets }, { pets: { $remove: [{ $identifier_key: 'id', $identifier_value: 1 }] } }))).toEqual({ pets: [pets[1]] });
    expect(plain(applyAttributes({ pets }, { pets: { $remove: [{ $identifier_key: 'name', $identifier_value: 'Tom' }, { $identifier_key: 'age', $identifier_value: 1 }] } }))).toEqual({ pets: [pets[0]] });
  });

  it('applies $add, then $update, then $remove', () => {
    const result = applyAttributes({}, {
      pets: {
        $remove: [{ $identifier_key: 'id', $identifier_value: 2 }],
        $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { id: 1, fed: true } }],
        $add: [{ id: 1 }, { id: 2 }],
      },
    });
    expect(plain(result['pets'])).toEqual([{ id: 1, fed: true }]);
  });
});

describe('applyAttributes with schema-validated input', () => {
  it('applies what attributesObjectSchema produces', () => {
    const update = attributesObjectSchema.parse({
      external_id: 'u-1',
      first_name: 'Ann',
      visits: { inc: 2 },
      tags: { add: ['vip'] },
      pets: { $add: [{ name: 'Rex', born: { $time: '2020-01-01' } }] },
      _merge_objects: true,
    });
    expect(plain(applyAttributes({ visits: 1 }, update))).toEqual({ first_name: 'Ann', visits: 3, tags: ['vip'], pets: [{ name: 'Rex', born: '2020-01-01' }] });
  });

  it('keeps __proto__, constructor and prototype as data end to end', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": "p", "obj": {"__proto__": {"polluted": 1}}}') as unknown;
    const result = applyAttributes({}, attributesObjectSchema.parse(body));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(plain(result['__proto__'])).toEqual({ polluted: true });
    expect(plain(result['constructor'])).toEqual({ prototype: { polluted: true } });
    expect(result['prototype']).toBe('p');
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":"p","obj":{"__proto__":{"polluted":1}}}');
  });
});

describe('toAttributeRecord', () => {
  it('copies JSON data into null-prototype objects and drops what JSON cannot carry', () => {
    const record = toAttributeRecord({ a: { b: [1, { c: 2 }] }, f: () => 1, u: undefined, d: new Date(0), inf: Number.POSITIVE_INFINITY });
    expect(Object.getPrototypeOf(record['a'])).toBeNull();
    expect(plain(record)).toEqual({ a: { b: [1, { c: 2 }] }, d: '1970-01-01T00:00:00.000Z' });
  });

  it('reads a JSON-parsed own __proto__ key as data', () => {
    const record = toAttributeRecord(JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(JSON.stringify(record)).toBe('{"__proto__":{"x":1}}');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

// ---- properties ----

const key = fc.constantFrom('a', 'b', 'tags', 'visits', ...PROTOTYPE_KEYS);
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1_000, max: 1_000 }), fc.boolean());
const storedValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const record = fc.dictionary(key, storedValue, { maxKeys: 5 }).map((entries) => toAttributeRecord(entries));
const word = fc.constantFrom('x', 'y', 'z', 'w', '__proto__', 'constructor');
const words = fc.array(word, { minLength: 1, maxLength: 6 });

const arrayAt = (result: AttributeRecord, name: string): unknown[] => {
  const value = result[name];
  return Array.isArray(value) ? value : [];
};

describe('applyAttributes properties', () => {
  it('inc a then inc b equals inc a+b', () => {
    const amount = fc.integer({ min: -1e9, max: 1e9 });
    fc.assert(
      fc.property(record, key, amount, amount, (current, name, a, b) => {
        const stepwise = applyAttributes(applyAttributes(current, { [name]: { inc: a } }), { [name]: { inc: b } });
        const once = applyAttributes(current, { [name]: { inc: a + b } });
        expect(plain(stepwise)).toEqual(plain(once));
      }),
      RUNS,
    );
  });

  it('add then remove leaves none of the values in the array', () => {
    fc.assert(
      fc.property(record, key, words, (current, name, values) => {
        const result = applyAttributes(applyAttributes(current, { [name]: { add: values } }), { [name]: { remove: values } });
        expect(arrayAt(result, name).some((item) => (values as readonly unknown[]).includes(item))).toBe(false);
      }),
      RUNS,
    );
  });

  it('add is idempotent and leaves each added value exactly once, at the end', () => {
    fc.assert(
      fc.property(record, key, words, (current, name, values) => {
        const once = applyAttributes(current, { [name]: { add: values } });
        const twice = applyAttributes(once, { [name]: { add: values } });
        expect(plain(twice)).toEqual(plain(once));
        const items = arrayAt(once, name);
        const distinct = [...new Set(values)];
        for (const value of distinct) expect(items.filter((item) => item === value)).toHaveLength(1);
        expect(new Set(items.slice(items.length - distinct.length))).toEqual(new Set(distinct));
      }),
      RUNS,
    );
  });

  it('null removes, and a plain value overwrites without touching other keys', () => {
    fc.assert(
      fc.property(record, key, fc.oneof(scalar, fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 })), (current, name, value) => {
        const removed = applyAttributes(current, { [name]: null });
        expect(Object.hasOwn(removed, name)).toBe(false);
        const written = applyAttributes(current, { [name]: value });
        expect(written[name]).toEqual(Array.isArray(value) ? uniqueStrings(value) : value);
        for (const other of Object.keys(current).filter((k) => k !== name)) expect(plain(written[other])).toEqual(plain(current[other]));
      }),
      RUNS,
    );
  });

  it('de-duplication is idempotent, keeps first occurrences in order, and loses no value', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', 'b', ''), fc.string({ maxLength: 3 })), { maxLength: 12 }), (values) => {
        const once = uniqueStrings(values);
        expect(uniqueStrings(once)).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
        expect(new Set(once)).toEqual(new Set(values));
        expect(once).toEqual(values.filter((value, index) => values.indexOf(value) === index));
        const stored = applyAttributes({}, { tags: values });
        expect(plain(applyAttributes(stored, { tags: stored['tags'] as string[] }))).toEqual(plain(stored));
        expect(stored['tags']).toEqual(once);
      }),
      RUNS,
    );
  });

  it('never mutates its inputs, and its result round-trips through JSON', () => {
    const update = fc.dictionary(key, fc.oneof(storedValue, fc.record({ inc: fc.integer() }), fc.record({ add: words }), fc.record({ remove: words })), { maxKeys: 4 });
    fc.assert(
      fc.property(record, update, fc.boolean(), (current, changes, merge) => {
        const before = JSON.stringify([current, changes]);
        const result = applyAttributes(current, changes, { mergeObjects: merge });
        expect(JSON.stringify([current, changes])).toBe(before);
        const reparsed = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
        expect(JSON.stringify(toAttributeRecord(reparsed))).toBe(JSON.stringify(result));
      }),
      RUNS,
    );
  });

  it('prototype keys round-trip as data and pollute nothing', () => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const protoKey = fc.constantFrom(...PROTOTYPE_KEYS);
    const nested = fc.dictionary(protoKey, fc.oneof(scalar, fc.dictionary(protoKey, scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(record, protoKey, nested, fc.boolean(), (current, name, value, merge) => {
        const wire = JSON.parse(JSON.stringify({ [name]: value, polluted: undefined })) as Record<string, unknown>;
        const result = applyAttributes(current, { [name]: { polluted: true } }, { mergeObjects: merge });
        const withNested = applyAttributes(result, wire, { mergeObjects: false });
        expect(Object.hasOwn(withNested, name)).toBe(true);
        expect(plain(withNested)).toEqual(plain({ ...plain(result) as object, ...wire }));
        expect(plain(withNested[name])).toEqual(plain(value));
        expect(Object.hasOwn(JSON.parse(JSON.stringify(withNested)) as object, name)).toBe(true);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
        expect(Object.getPrototypeOf(withNested)).toBeNull();
      }),
      RUNS,
    );
  });
});
