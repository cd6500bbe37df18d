import { describe, expect, it } from 'vitest';
import { INSTANCES, resolveBaseUrl } from './instances.client';

describe('resolveBaseUrl', () => {
  it('maps every instance of spec 11', () => {
    expect(resolveBaseUrl({ instance: 'US-01' })).toBe('https://rest.iad-01.braze.com');
    expect(resolveBaseUrl({ instance: 'EU-02' })).toBe('https://rest.fra-02.braze.eu');
    expect(resolveBaseUrl({ instance: 'AU-01' })).toBe('https://rest.au-01.braze.com');
    expect(Object.keys(INSTANCES)).toHaveLength(12);
  });

  it('keeps a base URL path prefix and drops trailing slashes', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl({ baseUrl: new URL('https://proxy.example/braze/') })).toBe('https://proxy.example/braze');
  });

  it('requires exactly one of instance and baseUrl, each valid', () => {
    expect(() => resolveBaseUrl({})).toThrow(/exactly one/);
    expect(() => resolveBaseUrl({ instance: 'US-01', baseUrl: 'http://x' })).toThrow(/exactly one/);
    expect(() => resolveBaseUrl({ instance: 'US-09' })).toThrow(/unknown instance/);
    expect(() => resolveBaseUrl({ baseUrl: 'rest.iad-01.braze.com' })).toThrow(/absolute/);
    expect(() => resolveBaseUrl({ baseUrl: 'ftp://x' })).toThrow(/http or https/);
    expect(() => resolveBaseUrl({ baseUrl: 'http://x/?a=1' })).toThrow(/query/);
  });
});
