import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlayProperties } from './trigger-properties.rules';

describe('overlayProperties', () => {
  it('overrides top-level keys with the recipient own, per key and shallowly', () => {
    const merged = overlayProperties({ order_id: '1', currency: 'EUR', nested: { a: 1, b: 2 } }, { order_id: '2', nested: { a: 9 } });
    expect({ ...merged }).toEqual({ order_id: '2', currency: 'EUR', nested: { a: 9 } });
  });

  it('treats a missing side as empty', () => {
    expect({ ...overlayProperties(undefined, { a: 1 }) }).toEqual({ a: 1 });
    expect({ ...overlayProperties({ a: 1 }) }).toEqual({ a: 1 });
    expect({ ...overlayProperties() }).toEqual({});
  });

  it('keeps null and falsy recipient values as overrides', () => {
    expect({ ...overlayProperties({ a: 1, b: 2, c: 3 }, { a: null, b: 0, c: '' }) }).toEqual({ a: null, b: 0, c: '' });
  });

  it('returns a new null-prototype object and mutates neither input', () => {
    const top = { a: 1 };
    const own = { b: 2 };
    const merged = overlayProperties(top, own);
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(merged).not.toBe(top);
    expect(top).toEqual({ a: 1 });
    expect(own).toEqual({ b: 2 });
    expect(merged['constructor']).toBeUndefined();
  });

  it('keeps __proto__, constructor and prototype as data and pollutes nothing', () => {
    const top = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}') as Record<string, unknown>;
    const own = JSON.parse('{"__proto__": {"polluted": "own"}, "prototype": "p"}') as Record<string, unknown>;
    const merged = overlayProperties(top, own);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"polluted":"own"},"constructor":"c","prototype":"p"}');
  });

  it('is the per-key override law', () => {
    const key = fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', 'prototype', 'toString');
    const object = fc.dictionary(key, fc.jsonValue(), { maxKeys: 5 }).map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
    fc.assert(
      fc.property(object, object, (top, own) => {
        const merged = overlayProperties(top, own);
        const keys = new Set([...Object.keys(top), ...Object.keys(own)]);
        expect(new Set(Object.keys(merged))).toEqual(keys);
        for (const name of keys) expect(merged[name]).toBe(Object.hasOwn(own, name) ? own[name] : top[name]);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 1_000 },
    );
  });
});
