import { describe, expect, it } from 'vitest';
import { hostNameOf, isAllowedHost, isLoopbackBind, networkExposure, normaliseAllowedHost } from './host-guard.ts';

describe('isAllowedHost: DNS rebinding defence', () => {
  it.each(['127.0.0.1:4010', 'localhost:4010', 'LOCALHOST', 'app.localhost:4010', '[::1]:4010', '10.0.0.7:4010', '192.168.1.20', undefined, ''])('serves %j', (host) => {
    expect(isAllowedHost(host, [])).toBe(true);
  });

  it.each(['evil.example', 'evil.example:4010', 'localhost.evil.example', '127.0.0.1.nip.io', 'x y', 'a@b', '[::1'])('refuses %j unless allowed', (host) => {
    expect(isAllowedHost(host, [])).toBe(false);
  });

  it('serves names the user allowed: exact, subdomains with a leading dot, or any with *', () => {
    expect(isAllowedHost('mock.internal:4010', ['mock.internal'])).toBe(true);
    expect(isAllowedHost('MOCK.internal.', ['mock.internal'])).toBe(true);
    expect(isAllowedHost('other.internal', ['mock.internal'])).toBe(false);
    expect(isAllowedHost('a.svc.cluster.local', ['.svc.cluster.local'])).toBe(true);
    expect(isAllowedHost('svc.cluster.local', ['.svc.cluster.local'])).toBe(true);
    expect(isAllowedHost('evilsvc.cluster.local', ['.svc.cluster.local'])).toBe(false);
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
  });

  it('normalises header and flag alike', () => {
    expect(hostNameOf('Mock.Internal:80')).toBe('mock.internal');
    expect(hostNameOf('[::1]:4010')).toBe('::1');
    expect(normaliseAllowedHost(' Mock.Internal:4010 ')).toBe('mock.internal');
    expect(normaliseAllowedHost('.Svc.Local')).toBe('.svc.local');
  });
});

describe('isLoopbackBind', () => {
  it.each([['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true], ['0.0.0.0', false], ['::', false], ['192.168.1.5', false], ['example.com', false]])('%s → %s', (host, expected) => {
    expect(isLoopbackBind(host)).toBe(expected);
  });
});

describe('networkExposure', () => {
  it('is quiet on loopback, refuses the demo key elsewhere unless exposed on purpose, and always warns off loopback', () => {
    expect(networkExposure('127.0.0.1', { demoKeys: true, exposeDemoKey: false })).toEqual({});
    expect(networkExposure('0.0.0.0', { demoKeys: true, exposeDemoKey: false }).refuse).toMatch(/^refusing to listen on 0\.0\.0\.0 with the demo workspace.*--expose-demo-key/);
    expect(networkExposure('0.0.0.0', { demoKeys: true, exposeDemoKey: true })).toEqual({ warning: expect.stringMatching(/^listening on 0\.0\.0\.0: other machines/) });
    expect(networkExposure('::', { demoKeys: false, exposeDemoKey: false })).toEqual({ warning: expect.stringMatching(/^listening on ::/) });
  });
});
