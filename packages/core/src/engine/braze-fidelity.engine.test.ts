import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import type { WorkspaceConfigInput } from '../schema/mock-config.schema';
import { engineFor, ONBOARDING, ORDER_CONFIRMATION, workspace } from './engine.fixtures';
import type { Engine } from './engine.types';
import type { ProfileRecord, Store } from './ports/store.port';
import { createMemoryStore } from './store/memory.store';
import { manualClock, type ManualClock } from './support/clock';

// The engine-level proofs of spec revision 2: each rule as a request against a running engine.
const ACME = 'acme';
const START = Date.UTC(2026, 0, 1);
let engine: Engine;
let store: Store;
let clock: ManualClock;

type Extras = Omit<WorkspaceConfigInput, 'name' | 'api_keys'>;

function start(extra: Extras = {}): Engine {
  clock = manualClock(START);
  store = createMemoryStore();
  engine = engineFor({ workspaces: [workspace(ACME, extra)] }, { clock, store });
  return engine;
}

afterEach(async () => {
  await engine.close();
});

async function recipients(dispatchId: string) {
  return (await engine.getDispatch(ACME, dispatchId)).recipients;
}

async function byPhone(phone: string): Promise<ProfileRecord[]> {
  return store.findProfilesByPhone(ACME, phone);
}

/** Runs one `/users/track` request and waits until its writes are visible. */
async function track(body: unknown) {
  const response = await engine.trackUsers(ACME, body);
  await engine.drainPropagation();
  return response;
}

describe('email prioritization: identified / unidentified filter, then order (spec 3.3 step 2, Rev 2)', () => {
  const email = 'shared@example.com';
  const trigger = (prioritization: string[], extra: object = {}) =>
    engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ email, prioritization, ...extra }] });

  async function twoProfiles(): Promise<void> {
    start({ users: [{ external_id: 'known', attributes: { email } }, { braze_id: 'anon', attributes: { email, first_name: 'Anon' } }] });
    clock.advance(1000);
    // the anonymous profile is the most recently updated one
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ braze_id: 'anon', attributes: { visits: 1 } }] });
  }

  it('identified keeps only profiles with an external_id, even when an anonymous one is newer', async () => {
    await twoProfiles();
    const { dispatch_id } = await trigger(['identified', 'most_recently_updated']);
    const [entry] = await recipients(dispatch_id);
    const { messages } = await engine.listMessages(ACME, { dispatch_id });
    expect(entry).toMatchObject({ outcome: 'sent', created: false });
    expect(messages[0]?.recipient.external_user_id).toBe('known');
  });

  it('unidentified keeps only profiles without one; most recently updated first when no order is given', async () => {
    await twoProfiles();
    const unidentified = await trigger(['unidentified']);
    expect((await engine.listMessages(ACME, { dispatch_id: unidentified.dispatch_id })).messages[0]?.recipient).toEqual({ braze_id: 'anon', address: 'shared@example.com' });
    const unordered = await trigger(['most_recently_updated']);
    expect((await engine.listMessages(ACME, { dispatch_id: unordered.dispatch_id })).messages[0]?.recipient).toEqual({ braze_id: 'anon', address: 'shared@example.com' });
    const oldest = await trigger(['least_recently_updated']);
    expect((await engine.listMessages(ACME, { dispatch_id: oldest.dispatch_id })).messages[0]?.recipient.external_user_id).toBe('known');
  });

  it('nothing left is user_not_found, and identified never creates', async () => {
    start({ users: [{ braze_id: 'anon', attributes: { email } }] });
    const { dispatch_id } = await trigger(['identified'], { send_to_existing_only: false, attributes: { first_name: 'X' } });
    expect(await recipients(dispatch_id)).toMatchObject([{ outcome: 'skipped', reason: 'user_not_found', created: false }]);
    expect(await store.findProfilesByEmail(ACME, email)).toHaveLength(1);
  });

  it('creates a new email-only profile when only identified profiles have the email and the array says unidentified', async () => {
    start({ users: [{ external_id: 'known', attributes: { email } }] });
    const { dispatch_id } = await trigger(['unidentified'], { send_to_existing_only: false, attributes: { first_name: 'Una' } });
    expect(await recipients(dispatch_id)).toMatchObject([{ outcome: 'sent', created: true }]);
    const owners = await store.findProfilesByEmail(ACME, email);
    expect(owners.map((profile) => [profile.external_id, profile.attributes['first_name']])).toEqual([
      ['known', undefined],
      [undefined, 'Una'],
    ]);
    // without send_to_existing_only: false, or without attributes, nothing is created
    const skipped = await trigger(['unidentified', 'least_recently_updated']);
    expect((await engine.listMessages(ACME, { dispatch_id: skipped.dispatch_id })).messages[0]?.recipient.external_user_id).toBeUndefined();
    start({ users: [{ external_id: 'known', attributes: { email } }] });
    const notAsked = await trigger(['unidentified'], { attributes: { first_name: 'Una' } });
    expect(await recipients(notAsked.dispatch_id)).toMatchObject([{ outcome: 'skipped', reason: 'user_not_found' }]);
  });
});

describe('canvas triggers do not apply subscription_groups (spec 4, Rev 2)', () => {
  const groups = [{ subscription_group_id: 'g-news', subscription_state: 'subscribed' }];

  it('applies the rest of the attributes and lists subscription_groups as ignored', async () => {
    start({ users: [{ external_id: 'u-1', attributes: { push_tokens: ['tok'] } }] });
    const { dispatch_id } = await engine.triggerCanvas(ACME, {
      canvas_id: ONBOARDING.id,
      context: { step: 1 },
      recipients: [{ external_user_id: 'u-1', attributes: { first_name: 'Ann', subscription_groups: groups } }],
    });
    expect(await recipients(dispatch_id)).toEqual([
      { index: 0, identifier: { external_user_id: 'u-1' }, outcome: 'sent', created: false, message_id: expect.any(String), ignored: ['subscription_groups'] },
    ]);
    const user = await engine.getUser(ACME, 'u-1');
    expect(user.attributes['first_name']).toBe('Ann');
    expect(user.attributes).not.toHaveProperty('subscription_groups');
  });

  it('a campaign trigger still applies them, with nothing ignored', async () => {
    start({ users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com' } }] });
    const { dispatch_id } = await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'u-1', attributes: { subscription_groups: groups } }] });
    const [entry] = await recipients(dispatch_id);
    expect(entry).not.toHaveProperty('ignored');
    // Each group's state is kept with when it was set (endpoints spec 12).
    expect((await engine.getUser(ACME, 'u-1')).attributes['subscription_groups']).toEqual(groups.map((group) => ({ ...group, updated_at: expect.any(String) as unknown })));
  });

  it('canvas_id is required with the capital-C message', async () => {
    start();
    await expect(engine.triggerCanvas(ACME, { broadcast: true })).rejects.toMatchObject({ httpStatus: 400, message: 'canvas_id must be a string of the Canvas api identifier' });
  });
});

describe('invalid nested values are dropped, not fatal (spec 7, Rev 2)', () => {
  it('trigger: still sent, every nested update of that recipient dropped, the rest applied, the dispatch lists the paths', async () => {
    start({ users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', home: { city: 'Oslo' } } }, { external_id: 'u-2', attributes: { email: 'u2@example.com' } }] });
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [
        { external_user_id: 'u-2', attributes: { trip: { at: { $time: '2024-01-01' } } } },
        { external_user_id: 'u-1', attributes: { first_name: 'Ann', d: { b: { $time: 'soon' } }, home: { city: 'Rome' }, pets: { '$update:': [] } } },
      ],
    });
    const [valid, dropped] = await recipients(dispatch_id);
    expect(valid).toMatchObject({ outcome: 'sent' });
    expect(valid).not.toHaveProperty('dropped');
    expect(dropped).toMatchObject({ outcome: 'sent', dropped: ['recipients[1].attributes.d.b.$time', 'recipients[1].attributes.pets.$update:'] });
    const user = await engine.getUser(ACME, 'u-1');
    expect(user.attributes).toMatchObject({ first_name: 'Ann', home: { city: 'Oslo' } });
    expect(user.attributes).not.toHaveProperty('d');
    expect((await engine.getUser(ACME, 'u-2')).attributes['trip']).toEqual({ at: '2024-01-01' });
  });

  it('users/track: the item counts as processed, gets an errors entry naming the path, and its other attributes apply', async () => {
    start();
    const response = await track({ attributes: [{ external_id: 'u-1', plan: 'pro', d: { b: { $time: 'soon' } } }, { external_id: 'u-2', plan: 'free' }] });
    expect(response).toEqual({
      message: 'success',
      attributes_processed: 2,
      errors: [{ type: 'attributes[0].d.b.$time: must be an ISO-8601 date or time', input_array: 'attributes', index: 0 }],
    });
    expect((await engine.getUser(ACME, 'u-1')).attributes).toMatchObject({ plan: 'pro' });
    expect((await engine.getUser(ACME, 'u-1')).attributes).not.toHaveProperty('d');
  });

  it('create and send: a recipient whose only attributes were dropped is still created and sent to', async () => {
    start();
    const { dispatch_id } = await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ email: 'new@example.com', prioritization: ['unidentified'], send_to_existing_only: false, attributes: { d: { $time: 'x' } } }] });
    expect(await recipients(dispatch_id)).toMatchObject([{ outcome: 'sent', created: true, dropped: ['recipients[0].attributes.d.$time'] }]);
    expect((await store.findProfilesByEmail(ACME, 'new@example.com'))[0]?.attributes).not.toHaveProperty('d');
  });

  it('structural problems stay 400s that write nothing', async () => {
    start();
    await expect(engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'n', send_to_existing_only: false, attributes: { d: { $time: 'x' }, $bad: 1 } }] })).rejects.toBeInstanceOf(ValidationError);
    expect(await store.countProfiles(ACME)).toBe(0);
  });
});

describe('lenient country and time_zone, de-duplicated arrays (spec 7, Rev 2)', () => {
  it('stores a country name as its code, removes an unknown one, keeps the time zone for a non-IANA name, and de-duplicates string arrays', async () => {
    start({ users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', country: 'NO', time_zone: 'Europe/Oslo' } }] });
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'u-1', attributes: { country: 'united states of america', time_zone: 'Oslo time', foods: ['hotdog', 'hotdog', 'pizza'] } }] });
    expect((await engine.getUser(ACME, 'u-1')).attributes).toMatchObject({ country: 'US', time_zone: 'Europe/Oslo', foods: ['hotdog', 'pizza'] });
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'u-2', send_to_existing_only: false, attributes: { email: 'u2@example.com', country: 'Atlantis', time_zone: 'nowhere' } }],
    });
    expect(await recipients(dispatch_id)).toMatchObject([{ outcome: 'sent', created: true }]);
    const created = await engine.getUser(ACME, 'u-2');
    expect(created.attributes).not.toHaveProperty('country');
    expect(created.attributes).not.toHaveProperty('time_zone');
    await track({ attributes: [{ external_id: 'u-1', country: 'Atlantis', time_zone: 'America/New_York' }] });
    expect((await engine.getUser(ACME, 'u-1')).attributes).not.toHaveProperty('country');
    expect((await engine.getUser(ACME, 'u-1')).attributes['time_zone']).toBe('America/New_York');
  });
});

describe('is_any_of / is_none_of through an audience (spec 6, Rev 2)', () => {
  it('matches single strings, array attributes, and users without the attribute for is_none_of', async () => {
    start({
      users: [
        { external_id: 'gold', attributes: { email: 'g@example.com', plan: 'gold' } },
        { external_id: 'tagged', attributes: { email: 't@example.com', tags: ['vip', 'beta'] } },
        { external_id: 'bare', attributes: { email: 'b@example.com' } },
      ],
    });
    const sentTo = async (comparison: string, name: string, value: unknown) => {
      const { dispatch_id } = await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, broadcast: true, audience: { custom_attribute: { custom_attribute_name: name, comparison, value } } });
      return (await recipients(dispatch_id)).filter((entry) => entry.outcome === 'sent').map((entry) => entry.identifier.external_user_id).sort();
    };
    expect(await sentTo('is_any_of', 'plan', 'gold')).toEqual(['gold']);
    expect(await sentTo('is_none_of', 'plan', ['gold'])).toEqual(['bare', 'tagged']);
    expect(await sentTo('is_any_of', 'tags', ['vip'])).toEqual(['tagged']);
    expect(await sentTo('is_none_of', 'tags', 'vip')).toEqual(['bare', 'gold']);
    expect(await sentTo('does_not_include_value', 'tags', ['x', 'beta'])).toEqual([]);
    expect(await sentTo('includes_value', 'tags', ['x', 'beta'])).toEqual(['tagged']);
  });
});

describe('/users/track: phone as an identifier (spec 8, Rev 2)', () => {
  const phone = '+15555550100';

  it('creates a phone-only profile, then finds it by the exact phone; email comes before phone', async () => {
    start();
    expect(await track({ attributes: [{ phone, first_name: 'Pat' }] })).toEqual({ message: 'success', attributes_processed: 1 });
    const [created] = await byPhone(phone);
    expect(created).toMatchObject({ attributes: { phone, first_name: 'Pat', email_subscribe: 'subscribed' } });
    expect(created?.external_id).toBeUndefined();
    await track({ attributes: [{ phone, plan: 'pro' }], events: [{ phone, name: 'called', time: '2026-01-01T00:00:00Z' }] });
    expect(await byPhone(phone)).toMatchObject([{ braze_id: created?.braze_id, attributes: { first_name: 'Pat', plan: 'pro' }, events: { called: { count: 1 } } }]);
    // exact string match: another spelling of the number is another user
    await track({ attributes: [{ phone: '+1 555 555 0100', plan: 'free' }] });
    expect(await byPhone(phone)).toHaveLength(1);
    expect(await store.countProfiles(ACME)).toBe(2);
    // with an email, the email identifies the item and the phone is an attribute
    await track({ attributes: [{ email: 'pat@example.com', phone, plan: 'team' }] });
    expect((await store.findProfilesByEmail(ACME, 'pat@example.com')).map((p) => p.attributes['phone'])).toEqual([phone]);
    expect(await byPhone(phone)).toHaveLength(2);
  });

  it('uses the most recently updated of several profiles with that phone, and creates nothing with _update_existing_only', async () => {
    start({ users: [{ external_id: 'old', attributes: { phone } }, { external_id: 'new', attributes: { phone } }] });
    clock.advance(1000);
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'old', attributes: { touched: true } }] });
    clock.advance(1000);
    await track({ attributes: [{ phone, plan: 'pro' }] });
    expect((await engine.getUser(ACME, 'old')).attributes['plan']).toBe('pro');
    expect((await engine.getUser(ACME, 'new')).attributes).not.toHaveProperty('plan');
    await track({ attributes: [{ phone: '+15555550199', plan: 'x', _update_existing_only: true }] });
    expect(await byPhone('+15555550199')).toEqual([]);
  });
});

describe('/users/track: the 75-object batch (spec 8, Rev 2)', () => {
  const attributes = (count: number) => Array.from({ length: count }, (_, index) => ({ external_id: `u-${index}`, plan: 'p' }));
  const events = (count: number) => Array.from({ length: count }, (_, index) => ({ external_id: `u-${index}`, name: 'e', time: '2026-01-01' }));

  it('combined by default: 40 attributes and 36 events are Max Input Length Exceeded, and nothing is processed', async () => {
    start();
    await expect(track({ attributes: attributes(40), events: events(36) })).rejects.toMatchObject({ httpStatus: 400, message: 'Max Input Length Exceeded' });
    expect(await store.countProfiles(ACME)).toBe(0);
    expect(await track({ attributes: attributes(40), events: events(35) })).toMatchObject({ attributes_processed: 40, events_processed: 35 });
  });

  it('per_array for a legacy workspace: 75 in each array', async () => {
    start({ users_track_batch: 'per_array' });
    expect(await track({ attributes: attributes(75), events: events(75) })).toMatchObject({ attributes_processed: 75, events_processed: 75 });
    await expect(track({ events: events(76) })).rejects.toMatchObject({ message: 'Max Input Length Exceeded', errors: ['events: must have at most 75 items'] });
  });
});
