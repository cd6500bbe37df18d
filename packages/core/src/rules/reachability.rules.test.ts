import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReachability, deliveryAddress } from './reachability.rules';

describe('checkReachability: email', () => {
  it('is reachable with an email and no unsubscribe (missing status counts as subscribed)', () => {
    expect(checkReachability('email', { email: 'a@example.com' })).toEqual({ reachable: true });
    expect(checkReachability('email', { email: 'a@example.com', email_subscribe: 'opted_in' })).toEqual({ reachable: true });
    expect(checkReachability('email', { email: 'a@example.com', email_subscribe: 'subscribed' })).toEqual({ reachable: true });
  });

  it('says no_email without a usable email, before looking at the subscription', () => {
    expect(checkReachability('email', {})).toEqual({ reachable: false, reason: 'no_email' });
    expect(checkReachability('email', { email: '' })).toEqual({ reachable: false, reason: 'no_email' });
    expect(checkReachability('email', { email: '  ' })).toEqual({ reachable: false, reason: 'no_email' });
    expect(checkReachability('email', { email: null, email_subscribe: 'unsubscribed' })).toEqual({ reachable: false, reason: 'no_email' });
  });

  it('says unsubscribed when email_subscribe is unsubscribed', () => {
    expect(checkReachability('email', { email: 'a@example.com', email_subscribe: 'unsubscribed' })).toEqual({ reachable: false, reason: 'unsubscribed' });
  });

  it('ignores the push subscription', () => {
    expect(checkReachability('email', { email: 'a@example.com', push_subscribe: 'unsubscribed' })).toEqual({ reachable: true });
  });
});

describe('checkReachability: push', () => {
  it('is reachable with a token string or an {app_id, token} object', () => {
    expect(checkReachability('push', { push_tokens: ['tok'] })).toEqual({ reachable: true });
    expect(checkReachability('push', { push_tokens: [{ app_id: 'app', token: 'tok' }], push_subscribe: 'opted_in' })).toEqual({ reachable: true });
  });

  it('says no_push_token without a usable token', () => {
    for (const push_tokens of [undefined, [], [''], [{ app_id: 'app', token: '' }], [{ app_id: 'app' }], 'tok', [42]]) {
      expect(checkReachability('push', { push_tokens })).toEqual({ reachable: false, reason: 'no_push_token' });
    }
  });

  it('says unsubscribed first when push_subscribe is unsubscribed', () => {
    expect(checkReachability('push', { push_subscribe: 'unsubscribed', push_tokens: ['tok'] })).toEqual({ reachable: false, reason: 'unsubscribed' });
    expect(checkReachability('push', { push_subscribe: 'unsubscribed' })).toEqual({ reachable: false, reason: 'unsubscribed' });
  });
});

describe('checkReachability: sms', () => {
  it('needs a phone', () => {
    expect(checkReachability('sms', { phone: '+4712345678' })).toEqual({ reachable: true });
    expect(checkReachability('sms', {})).toEqual({ reachable: false, reason: 'no_phone' });
    expect(checkReachability('sms', { phone: '' })).toEqual({ reachable: false, reason: 'no_phone' });
    expect(checkReachability('sms', { phone: 4712345678 })).toEqual({ reachable: false, reason: 'no_phone' });
  });
});

describe('checkReachability', () => {
  it('never reads inherited properties', () => {
    const stored = Object.create({ email: 'inherited@example.com', phone: '+1', push_tokens: ['t'] }) as Record<string, unknown>;
    expect(checkReachability('email', stored)).toEqual({ reachable: false, reason: 'no_email' });
    expect(checkReachability('sms', stored)).toEqual({ reachable: false, reason: 'no_phone' });
    expect(checkReachability('push', stored)).toEqual({ reachable: false, reason: 'no_push_token' });
  });

  it('is total and its answer matches the channel rules', () => {
    const anything = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('unsubscribed', 'subscribed', 'opted_in'), fc.constant(null), fc.integer(), fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.record({ app_id: fc.string(), token: fc.string({ maxLength: 2 }) }))));
    const attributes = fc.record({ email: anything, phone: anything, push_tokens: anything, email_subscribe: anything, push_subscribe: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.constantFrom('email' as const, 'push' as const, 'sms' as const), attributes, (channel, stored) => {
        const result = checkReachability(channel, stored);
        if (!result.reachable) {
          const allowed = { email: ['no_email', 'unsubscribed'], push: ['no_push_token', 'unsubscribed'], sms: ['no_phone'] }[channel];
          expect(allowed).toContain(result.reason);
        }
        if (channel === 'sms') expect(result.reachable).toBe(typeof stored.phone === 'string' && stored.phone.trim() !== '');
        if (result.reachable && channel !== 'sms') expect(stored[channel === 'email' ? 'email_subscribe' : 'push_subscribe']).not.toBe('unsubscribed');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('deliveryAddress: what a message records as its address', () => {
  it('is the email, the phone or the first usable push token, as reachability reads them', () => {
    expect(deliveryAddress('email', { email: 'a@example.com', phone: '+1' })).toBe('a@example.com');
    expect(deliveryAddress('sms', { email: 'a@example.com', phone: '+15550100' })).toBe('+15550100');
    expect(deliveryAddress('push', { push_tokens: ['', { app_id: 'x', token: '' }, { app_id: 'x', token: 'tok-1' }, 'tok-2'] })).toBe('tok-1');
    expect(deliveryAddress('email', { email: ' ' })).toBeUndefined();
    expect(deliveryAddress('push', { push_tokens: 'tok' })).toBeUndefined();
  });

  it('exists exactly when the profile is reachable on the channel, subscriptions aside', () => {
    fc.assert(
      fc.property(fc.constantFrom('email', 'push', 'sms' as const), fc.dictionary(fc.constantFrom('email', 'phone', 'push_tokens'), fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.record({ app_id: fc.string(), token: fc.string() }))))), (channel, attributes) => {
        expect(deliveryAddress(channel, attributes) !== undefined).toBe(checkReachability(channel, attributes).reachable);
      }),
    );
  });
});
