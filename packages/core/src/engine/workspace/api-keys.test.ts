import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../errors';
import { PERMISSIONS } from '../../schema/mock-config.schema';
import { createApiKeyRegistry, extractApiKey } from './api-keys';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const workspaces = [
  { name: 'acme', api_keys: [{ key: 'acme-all', permissions: [...PERMISSIONS] }, { key: 'acme-track', permissions: ['users.track'] }] },
  { name: 'globex', api_keys: [{ key: 'globex-send', permissions: ['campaigns.trigger.send'] }] },
];

afterEach(() => vi.mocked(crypto.timingSafeEqual).mockClear());

describe('createApiKeyRegistry', () => {
  const registry = createApiKeyRegistry(workspaces);

  it('maps a known key to its workspace and permissions', () => {
    const identity = registry.authenticate('acme-track');
    expect(identity?.workspace).toBe('acme');
    expect([...(identity?.permissions ?? [])]).toEqual(['users.track']);
    expect(registry.authenticate('globex-send')?.workspace).toBe('globex');
    expect(registry.authenticate('acme-all')?.permissions.size).toBe(PERMISSIONS.length);
  });

  it('rejects missing, empty and unknown keys', () => {
    expect(registry.authenticate(undefined)).toBeUndefined();
    expect(registry.authenticate('')).toBeUndefined();
    expect(registry.authenticate('acme-al')).toBeUndefined();
    expect(registry.authenticate('acme-all ')).toBeUndefined();
  });

  it('never accepts a key that is not configured', () => {
    const configured = new Set(workspaces.flatMap((w) => w.api_keys.map((k) => k.key)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (key) => {
        fc.pre(!configured.has(key));
        expect(registry.authenticate(key)).toBeUndefined();
      }),
    );
  });

  it('compares against every entry whether or not one matches, over equal-length digests', () => {
    const mock = vi.mocked(crypto.timingSafeEqual);
    registry.authenticate('acme-all');
    expect(mock).toHaveBeenCalledTimes(3);
    mock.mockClear();
    registry.authenticate('nope');
    expect(mock).toHaveBeenCalledTimes(3);
    for (const [a, b] of mock.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
  });

  it('lists every configuration problem by path', () => {
    const attempt = () =>
      createApiKeyRegistry([
        { name: 'a', api_keys: [{ key: 'k', permissions: ['users.track', 'users.destroy'] }, { key: '', permissions: [] }] },
        { name: 'b', api_keys: [{ key: 'k', permissions: [] }] },
      ]);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        expect.stringMatching(/^workspaces\[0\]\.api_keys\[0\]\.permissions\[1\]: unknown permission "users.destroy"/),
        'workspaces[0].api_keys[1].key: must be a non-empty string',
        expect.stringMatching(/^workspaces\[1\]\.api_keys\[0\]\.key: the same key is already configured at workspaces\[0\]\.api_keys\[0\]/),
      ]);
    }
  });
});

describe('extractApiKey', () => {
  it('reads a Bearer token, case-insensitively in header name and scheme', () => {
    expect(extractApiKey({ Authorization: 'Bearer abc' }, {}).key).toBe('abc');
    expect(extractApiKey({ authorization: 'bearer   abc  ' }, {}).key).toBe('abc');
    expect(extractApiKey({ authorization: ['Bearer first', 'Bearer second'] }, {}).key).toBe('first');
  });

  it('prefers the header over the body and removes api_key from the body either way', () => {
    const body = { api_key: 'from-body', campaign_id: 'c' };
    const result = extractApiKey({ authorization: 'Bearer from-header' }, body);
    expect(result).toEqual({ key: 'from-header', body: { campaign_id: 'c' } });
    expect(body).toEqual({ api_key: 'from-body', campaign_id: 'c' });
  });

  it('falls back to the body key when there is no usable Bearer header', () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }, { authorization: undefined }]) {
      expect(extractApiKey(headers, { api_key: 'legacy', x: 1 })).toEqual({ key: 'legacy', body: { x: 1 } });
    }
  });

  it('treats a non-string body key as missing but still strips it', () => {
    expect(extractApiKey({}, { api_key: 42, x: 1 })).toEqual({ key: undefined, body: { x: 1 } });
  });

  it('returns non-object bodies untouched', () => {
    for (const body of [null, 'text', 3, ['api_key'], undefined]) expect(extractApiKey({}, body)).toEqual({ key: undefined, body });
  });

  it('keeps __proto__ as ordinary data in the copied body', () => {
    const body = JSON.parse('{"api_key":"k","__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const result = extractApiKey({}, body).body as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(Object.keys(result)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
