import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from './engine.types';
import { engineFor, NEW_PROFILE_DEFAULTS, ORDER_CONFIRMATION, workspace } from './engine.fixtures';
import { randomIntInclusive, seededRandom } from './support/seeded-random';

let engine: Engine | undefined;
const hostTimeZone = process.env['TZ'];

afterEach(async () => {
  vi.useRealTimers();
  if (hostTimeZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = hostTimeZone;
  await engine?.close();
  engine = undefined;
});

/** The first seed whose first two delays in `[min, max]` put the second write's visibility before the first's. */
function seedThatReorders(min: number, max: number): { seed: number; delays: [number, number] } {
  for (let seed = 1; ; seed += 1) {
    const random = seededRandom(seed);
    const first = randomIntInclusive(random, min, max);
    const second = randomIntInclusive(random, min, max);
    if (second + 1 < first) return { seed, delays: [first, second] };
  }
}

describe('applyTrackWrite: events and purchases (spec 8)', () => {
  it('reads event and purchase times without an offset as UTC, whatever the host time zone', async () => {
    process.env['TZ'] = 'America/New_York';
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', {
      events: [{ external_id: 'u-1', name: 'login', time: '2026-01-02T10:00:00' }],
      purchases: [{ external_id: 'u-1', product_id: 'sku', currency: 'USD', price: 1, time: '2026-01-03 08:30' }],
    });
    const user = await engine.getUser('acme', 'u-1');
    expect(user.events).toEqual({ login: { count: 1, first_time: '2026-01-02T10:00:00.000Z', last_time: '2026-01-02T10:00:00.000Z' } });
    expect(user.purchases).toEqual({ sku: { count: 1, first_time: '2026-01-03T08:30:00.000Z', last_time: '2026-01-03T08:30:00.000Z', revenue: 1 } });
  });

  it('orders first and last times by instant across offsets and date-only forms', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', {
      events: [
        { external_id: 'u-1', name: 'login', time: '2026-01-02T01:00:00+02:00' },
        { external_id: 'u-1', name: 'login', time: '2026-01-02' },
        { external_id: 'u-1', name: 'login', time: '2026-01-01T23:30:00Z' },
      ],
    });
    expect((await engine.getUser('acme', 'u-1')).events).toEqual({ login: { count: 3, first_time: '2026-01-01T23:00:00.000Z', last_time: '2026-01-02T00:00:00.000Z' } });
  });
});

describe('propagation of /users/track writes (spec 8)', () => {
  it('with a seeded range, shows same-profile writes in their order of visibility, each overwriting only what it names', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { seed, delays } = seedThatReorders(10, 1000);
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: [10, 1000], random_seed: seed, users: [{ external_id: 'u-1', attributes: { kept: 'seed' } }] })] });

    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', shared: 'first', only_first: 1 }] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', shared: 'second', only_second: 2 }] });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, kept: 'seed' });

    await vi.advanceTimersByTimeAsync(delays[1]);
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, kept: 'seed', shared: 'second', only_second: 2 });
    await vi.advanceTimersByTimeAsync(delays[0] - delays[1]);
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, kept: 'seed', shared: 'first', only_first: 1, only_second: 2 });
  });

  it('replays the same race after /_mock/reset: the seeded delays start again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { seed, delays } = seedThatReorders(10, 1000);
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: [10, 1000], random_seed: seed })] });
    const race = async () => {
      await engine?.trackUsers('acme', { attributes: [{ external_id: 'u-1', plan: 'first' }] });
      await engine?.trackUsers('acme', { attributes: [{ external_id: 'u-1', plan: 'second' }] });
      await vi.advanceTimersByTimeAsync(delays[1]);
      const early = (await engine?.getUser('acme', 'u-1'))?.attributes['plan'];
      await vi.advanceTimersByTimeAsync(delays[0] - delays[1]);
      return [early, (await engine?.getUser('acme', 'u-1'))?.attributes['plan']];
    };
    expect(await race()).toEqual(['second', 'first']);
    await engine.reset('acme');
    expect(await race()).toEqual(['second', 'first']);
  });

  it("never delays a trigger request's own attributes, and a later-visible track write still lands on top", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: 500 })] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', plan: 'tracked' }] });
    const sent = await engine.triggerCampaign('acme', {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'u-1', send_to_existing_only: false, attributes: { email: 'u1@example.com', plan: 'inline' } }],
    });
    expect((await engine.getDispatch('acme', sent.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'sent', created: true });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'u1@example.com', plan: 'inline' });
    await vi.advanceTimersByTimeAsync(500);
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'u1@example.com', plan: 'tracked' });
  });
});

describe('prototype-named keys end to end (spec 7)', () => {
  it('stores __proto__, constructor and prototype as data through track, trigger and merge, and reads them back', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', JSON.parse('{"attributes":[{"external_id":"u-1","__proto__":{"polluted":true},"constructor":"c","obj":{"__proto__":{"a":1}}}],"events":[{"external_id":"u-1","name":"__proto__","time":"2026-01-01"}]}'));
    await engine.trackUsers('acme', JSON.parse('{"attributes":[{"external_id":"u-1","_merge_objects":true,"obj":{"__proto__":{"b":2},"prototype":3}}]}'));
    await engine.triggerCampaign('acme', JSON.parse('{"campaign_id":"order-confirmation","recipients":[{"external_user_id":"u-1","attributes":{"prototype":{"__proto__":"x"}}}]}'));

    const user = await engine.getUser('acme', 'u-1');
    expect(JSON.parse(JSON.stringify(user.attributes))).toEqual(
      JSON.parse('{"email_subscribe":"subscribed","push_subscribe":"subscribed","__proto__":{"polluted":true},"constructor":"c","obj":{"__proto__":{"a":1,"b":2},"prototype":3},"prototype":{"__proto__":"x"}}'),
    );
    expect(Object.keys(user.events)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(user.attributes['obj'], '__proto__')?.value).toEqual({ a: 1, b: 2 });
  });
});

describe('profiles created by /users/track are subscribed to email and push by default (spec 3.3 step 7)', () => {
  it('stores the defaults on a profile created by an attributes item', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ first_name: 'Ann', email_subscribe: 'subscribed', push_subscribe: 'subscribed' });
  });

  it('stores the defaults on a profile created by an event', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', { events: [{ external_id: 'u-1', name: 'login', time: '2026-01-02T10:00:00Z' }] });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ email_subscribe: 'subscribed', push_subscribe: 'subscribed' });
  });

  it("keeps the creating item's own values, and null removes a default", async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', email_subscribe: 'unsubscribed', push_subscribe: null }] });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ email_subscribe: 'unsubscribed' });
  });

  it('does not add the defaults to an existing profile', async () => {
    engine = engineFor({ workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { email_subscribe: null, push_subscribe: null } }] })] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ first_name: 'Ann' });
  });
});
