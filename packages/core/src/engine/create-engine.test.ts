import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from './engine.types';
import { engineFor, NEW_PROFILE_DEFAULTS, ONBOARDING, ORDER_CONFIRMATION, workspace, WOMEN_ONLY } from './engine.fixtures';
import { createMemoryStore } from './store/memory.store';
import { manualClock } from './support/clock';

let engine: Engine;

afterEach(async () => {
  vi.useRealTimers();
  await engine.close();
});

describe('the users/track race (spec 1, 8)', () => {
  it('track-then-trigger with a 1 s delay misses the user; the same data inline is sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: 1000 })] });

    const tracked = await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', email: 'u1@example.com', gender: 'F', first_name: 'Ann' }] });
    expect(tracked).toEqual({ message: 'success', attributes_processed: 1 });
    const racing = await engine.triggerCampaign('acme', { campaign_id: WOMEN_ONLY.id, recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.getDispatch('acme', racing.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'skipped', reason: 'user_not_found' });
    await expect(engine.getUser('acme', 'u-1')).rejects.toMatchObject({ httpStatus: 404 });

    const inline = await engine.triggerCampaign('acme', {
      campaign_id: WOMEN_ONLY.id,
      recipients: [{ external_user_id: 'u-2', send_to_existing_only: false, attributes: { email: 'u2@example.com', gender: 'F', first_name: 'Bea' } }],
    });
    expect((await engine.getDispatch('acme', inline.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'sent', created: true });

    await vi.advanceTimersByTimeAsync(999);
    await expect(engine.getUser('acme', 'u-1')).rejects.toMatchObject({ httpStatus: 404 });
    await vi.advanceTimersByTimeAsync(1);
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'u1@example.com', gender: 'F', first_name: 'Ann' });
    const later = await engine.triggerCampaign('acme', { campaign_id: WOMEN_ONLY.id, recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.getDispatch('acme', later.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'sent' });
  });

  it('track with an existing user but a delayed gender is skipped as not_in_segment', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: 1000, users: [{ external_id: 'u-1', attributes: { email: 'a@example.com' } }] })] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', gender: 'F' }] });
    const { dispatch_id } = await engine.triggerCampaign('acme', { campaign_id: WOMEN_ONLY.id, recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.getDispatch('acme', dispatch_id)).recipients[0]?.reason).toBe('not_in_segment');
  });

  it('drainPropagation makes pending writes visible at once; reset drops them', async () => {
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: 60_000 })] });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', plan: 'pro' }] });
    await engine.drainPropagation();
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, plan: 'pro' });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'u-2', plan: 'pro' }] });
    await engine.reset('acme');
    await engine.drainPropagation();
    await expect(engine.getUser('acme', 'u-2')).rejects.toMatchObject({ httpStatus: 404 });
  });
});

// The per-profile lock under 50 concurrent requests is part of the store contract (testing/store.contract.ts),
// so it runs against every store: memory here, SQLite in @triggerkit/store-sqlite.

describe('workspaces are isolated', () => {
  it("one workspace's requests never read or change another's", async () => {
    const seed = [{ external_id: 'u-1', attributes: { email: 'shared@example.com', first_name: 'Seed' } }];
    engine = engineFor({ workspaces: [workspace('a', { users: seed }), workspace('b', { users: seed })] });
    await engine.triggerCampaign('a', {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [
        { external_user_id: 'u-1', attributes: { first_name: 'Changed' } },
        { external_user_id: 'only-a', send_to_existing_only: false, attributes: { email: 'x@example.com' } },
      ],
    });
    await engine.trackUsers('a', { attributes: [{ external_id: 'tracked-a', plan: 'pro' }] });
    await engine.createSendId('a', { campaign_id: ORDER_CONFIRMATION.id, send_id: 's-a' });

    expect((await engine.getUser('b', 'u-1')).attributes['first_name']).toBe('Seed');
    await expect(engine.getUser('b', 'only-a')).rejects.toMatchObject({ httpStatus: 404 });
    await expect(engine.getUser('b', 'tracked-a')).rejects.toMatchObject({ httpStatus: 404 });
    expect((await engine.listMessages('b')).messages).toEqual([]);
    const [message] = (await engine.listMessages('a')).messages;
    await expect(engine.getDispatch('b', message!.dispatch_id)).rejects.toMatchObject({ httpStatus: 404 });

    await engine.putCampaign('a', 'a-only', { channel: 'sms', message: { body: 'x' } });
    await expect(engine.triggerCampaign('b', { campaign_id: 'a-only', broadcast: true })).rejects.toMatchObject({ message: 'Campaign does not exist' });
    await engine.reset('b');
    expect((await engine.getUser('a', 'u-1')).attributes['first_name']).toBe('Changed');
  });

  it('rejects an unknown workspace with NotFoundError', async () => {
    engine = engineFor({ workspaces: [workspace('a')] });
    await expect(engine.listMessages('nope')).rejects.toMatchObject({ httpStatus: 404 });
    expect(engine.workspaceNames()).toEqual(['a']);
  });
});

describe('canvases (spec 4)', () => {
  it('renders the merged context under both context and canvas_entry_properties, whichever name was sent', async () => {
    engine = engineFor({ workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { push_tokens: ['tok'] } }] })] });
    await engine.triggerCanvas('acme', { canvas_id: ONBOARDING.id, context: { step: 'top' }, recipients: [{ external_user_id: 'u-1', context: { step: 'one' } }] });
    await engine.triggerCanvas('acme', { canvas_id: ONBOARDING.id, canvas_entry_properties: { step: 'legacy' }, recipients: [{ external_user_id: 'u-1' }] });
    const { messages } = await engine.listMessages('acme', { canvas_id: ONBOARDING.id });
    expect(messages.map((m) => m.content['body'])).toEqual(['one|one', 'legacy|legacy']);
    expect(messages[0]).toMatchObject({ canvas_id: ONBOARDING.id, channel: 'push', trigger_properties: { step: 'one' } });
    expect(messages[0]).not.toHaveProperty('campaign_id');
  });

  it.each([
    ['paused', 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.'],
    ['archived', 'The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.'],
  ] as const)('a %s canvas answers success with a notice and processes nothing', async (status, notice) => {
    engine = engineFor({ workspaces: [workspace('acme', { canvases: [{ ...ONBOARDING, status }], users: [{ external_id: 'u-1', attributes: { push_tokens: ['t'] } }] })] });
    const response = await engine.triggerCanvas('acme', {
      canvas_id: ONBOARDING.id,
      recipients: [
        { external_user_id: 'u-1', attributes: { first_name: 'Changed' } },
        { external_user_id: 'new', send_to_existing_only: false, attributes: { first_name: 'New' } },
      ],
    });
    expect(response).toEqual({ dispatch_id: expect.any(String), message: 'success', notice });
    const dispatch = await engine.getDispatch('acme', response.dispatch_id);
    expect(dispatch).toEqual({
      dispatch_id: response.dispatch_id,
      canvas_id: ONBOARDING.id,
      recipients: [
        { index: 0, identifier: { external_user_id: 'u-1' }, outcome: 'skipped', reason: 'canvas_inactive', created: false },
        { index: 1, identifier: { external_user_id: 'new' }, outcome: 'skipped', reason: 'canvas_inactive', created: false },
      ],
    });
    expect((await engine.getUser('acme', 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, push_tokens: ['t'] });
    await expect(engine.getUser('acme', 'new')).rejects.toMatchObject({ httpStatus: 404 });
    expect((await engine.listMessages('acme')).messages).toEqual([]);
  });

  it('rejects an unknown canvas', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await expect(engine.triggerCanvas('acme', { canvas_id: 'nope', broadcast: true })).rejects.toMatchObject({ httpStatus: 400, message: 'Canvas does not exist' });
  });
});

describe('broadcast (spec 3.4)', () => {
  it('sends to every profile matching the segment and audience, identifying each by external id else braze id', async () => {
    engine = engineFor({
      workspaces: [
        workspace('acme', {
          users: [
            { external_id: 'f-pro', attributes: { email: 'a@example.com', gender: 'F', plan: 'pro' } },
            { external_id: 'm-pro', attributes: { email: 'b@example.com', gender: 'M', plan: 'pro' } },
            { braze_id: 'b-anon', user_aliases: [{ alias_name: 'n', alias_label: 'l' }], attributes: { email: 'c@example.com', gender: 'F', plan: 'pro' } },
            { external_id: 'f-free', attributes: { email: 'd@example.com', gender: 'F', plan: 'free' } },
            { external_id: 'f-no-email', attributes: { gender: 'F', plan: 'pro' } },
          ],
        }),
      ],
    });
    const response = await engine.triggerCampaign('acme', {
      campaign_id: WOMEN_ONLY.id,
      broadcast: true,
      audience: { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } },
    });
    expect(response).toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: expect.any(String) });
    const dispatch = await engine.getDispatch('acme', response.dispatch_id);
    expect(dispatch.recipients.map(({ index, identifier, outcome, reason, created }) => ({ index, identifier, outcome, reason, created }))).toEqual([
      { index: 0, identifier: { external_user_id: 'f-pro' }, outcome: 'sent', reason: undefined, created: false },
      { index: 1, identifier: { braze_id: 'b-anon' }, outcome: 'sent', reason: undefined, created: false },
      { index: 2, identifier: { external_user_id: 'f-no-email' }, outcome: 'skipped', reason: 'no_email', created: false },
    ]);
    const { messages } = await engine.listMessages('acme', { dispatch_id: response.dispatch_id });
    expect(messages.map((m) => m.recipient.braze_id)).toHaveLength(2);
    expect(messages.every((m) => m.send_id === response.send_id)).toBe(true);
  });

  it("keeps the request's own send_id", async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    const response = await engine.triggerCampaign('acme', { campaign_id: ORDER_CONFIRMATION.id, broadcast: true, send_id: 'mine' });
    expect(response.send_id).toBe('mine');
  });
});

describe('reset (spec 9)', () => {
  it('restores the seed users as at start and drops everything else; campaigns stay', async () => {
    engine = engineFor({ workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { email: 'a@example.com', first_name: 'Ann' } }] })] });
    const original = await engine.getUser('acme', 'u-1');
    await engine.putCampaign('acme', 'runtime', { channel: 'email', message: { subject: 's', body: 'b' } });
    await engine.triggerCampaign('acme', {
      campaign_id: 'runtime',
      recipients: [
        { external_user_id: 'u-1', attributes: { first_name: 'Changed' } },
        { external_user_id: 'new', send_to_existing_only: false, attributes: { email: 'n@example.com' } },
      ],
    });
    await engine.reset('acme');
    expect(await engine.getUser('acme', 'u-1')).toEqual(original);
    await expect(engine.getUser('acme', 'new')).rejects.toMatchObject({ httpStatus: 404 });
    expect((await engine.listMessages('acme')).messages).toEqual([]);
    const again = await engine.triggerCampaign('acme', { campaign_id: 'runtime', recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.getDispatch('acme', again.dispatch_id)).recipients[0]?.outcome).toBe('sent');
  });

  it('restarts the random users/track delays from random_seed, as at start', async () => {
    const store = createMemoryStore();
    const clock = manualClock(Date.UTC(2026, 0, 1));
    engine = engineFor({ workspaces: [workspace('acme', { users_track_delay_ms: [1, 1_000_000], random_seed: 7 })] }, { store, clock, setTimer: () => undefined, clearTimer: () => undefined });
    const track = () => engine.trackUsers('acme', { attributes: [{ external_id: 'u-1', first_name: 'A' }] });
    const pendingDelays = async () => (await store.listDue('acme', Number.MAX_SAFE_INTEGER, 10)).map((item) => item.due_ms - clock.now()).sort((a, b) => a - b);
    for (let i = 0; i < 3; i += 1) await track();
    const first = await pendingDelays();
    await engine.reset('acme');
    expect(await pendingDelays()).toEqual([]);
    for (let i = 0; i < 3; i += 1) await track();
    expect(first).toHaveLength(3);
    expect(await pendingDelays()).toEqual(first);
  });

  it("seeds only an empty workspace by default, so a persistent store's data survives a restart", async () => {
    const store = createMemoryStore();
    const config = { workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { first_name: 'Seed' } }] })] };
    const first = engineFor(config, { store });
    await first.trackUsers('acme', { attributes: [{ external_id: 'u-1', first_name: 'Kept' }] });
    engine = engineFor(config, { store });
    expect((await engine.getUser('acme', 'u-1')).attributes['first_name']).toBe('Kept');
  });
});

describe('listMessages paging', () => {
  it('pages with limit, after, since and order, and rejects a cursor it does not hold', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    engine = engineFor({ workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { email: 'a@example.com' } }] })] }, { clock });
    for (let i = 0; i < 5; i++) {
      await engine.triggerCampaign('acme', { campaign_id: ORDER_CONFIRMATION.id, trigger_properties: { order_id: String(i) }, recipients: [{ external_user_id: 'u-1' }] });
      clock.advance(1_000);
    }
    const orders = (page: { messages: { trigger_properties: Record<string, unknown> }[] }) => page.messages.map((m) => m.trigger_properties['order_id']);
    const first = await engine.listMessages('acme', { limit: 2 });
    expect(orders(first)).toEqual(['0', '1']);
    expect(first.next_after).toBe(first.messages[1]?.id);
    expect(orders(await engine.listMessages('acme', { after: first.next_after }))).toEqual(['2', '3', '4']);
    expect(orders(await engine.listMessages('acme', { since: Date.UTC(2026, 0, 1, 0, 0, 3) }))).toEqual(['3', '4']);
    const newest = await engine.listMessages('acme', { order: 'newest', limit: 2 });
    expect(orders(newest)).toEqual(['4', '3']);
    expect(newest.next_before).toBe(newest.messages[1]?.id);
    expect(await engine.listMessages('acme', { limit: 5_000 })).not.toHaveProperty('next_after');
    await expect(engine.listMessages('acme', { after: 'gone' })).rejects.toMatchObject({ httpStatus: 400, errors: ['query.after: No message with id gone (unknown, or dropped by retention)'] });
  });
});

describe('users/track (spec 8)', () => {
  it('applies attributes, then events, then purchases, and reports counts and non-fatal item errors', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    const response = await engine.trackUsers('acme', {
      attributes: [{ external_id: 'u-1', plan: 'pro' }, { plan: 'orphan' }],
      events: [
        { external_id: 'u-1', name: 'login', time: '2026-01-02T00:00:00Z' },
        { external_id: 'u-1', name: 'login', time: '2026-01-01T00:00:00Z' },
      ],
      purchases: [{ external_id: 'u-1', product_id: 'sku', currency: 'USD', price: 1, time: '2026-01-03T00:00:00Z', quantity: 2 }],
    });
    expect(response).toMatchObject({ message: 'success', attributes_processed: 1, events_processed: 2, purchases_processed: 1 });
    expect(response.errors).toEqual([{ type: expect.any(String), input_array: 'attributes', index: 1 }]);
    const user = await engine.getUser('acme', 'u-1');
    expect(user.attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, plan: 'pro' });
    expect(user.events).toEqual({ login: { count: 2, first_time: '2026-01-01T00:00:00.000Z', last_time: '2026-01-02T00:00:00.000Z' } });
    expect(user.purchases).toEqual({ sku: { count: 2, first_time: '2026-01-03T00:00:00.000Z', last_time: '2026-01-03T00:00:00.000Z', revenue: 2 } });
  });

  it('creates users from external_id items by default, but not from alias items', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.trackUsers('acme', {
      attributes: [
        { external_id: 'u-new', plan: 'pro' },
        { user_alias: { alias_name: 'n', alias_label: 'l' }, plan: 'pro' },
        { external_id: 'u-skip', _update_existing_only: true, plan: 'pro' },
      ],
    });
    expect((await engine.getUser('acme', 'u-new')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, plan: 'pro' });
    await expect(engine.getUser('acme', 'u-skip')).rejects.toMatchObject({ httpStatus: 404 });
    const alias = await engine.triggerCampaign('acme', { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ user_alias: { alias_name: 'n', alias_label: 'l' } }] });
    expect((await engine.getDispatch('acme', alias.dispatch_id)).recipients[0]?.reason).toBe('user_not_found');
  });

  it('rejects a body that is not an object', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await expect(engine.trackUsers('acme', [])).rejects.toMatchObject({ httpStatus: 400, message: 'Bad Request: body must be a JSON object' });
  });
});

describe('sends/id/create (spec 8b)', () => {
  it('returns the given send_id, or a generated one, for a known campaign', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    expect(await engine.createSendId('acme', { campaign_id: ORDER_CONFIRMATION.id, send_id: 'spring' })).toEqual({ message: 'success', send_id: 'spring' });
    const generated = await engine.createSendId('acme', { campaign_id: ORDER_CONFIRMATION.id });
    expect(generated.send_id).toMatch(/^[\x20-\x7e]{1,64}$/);
  });

  it('rejects an unknown campaign and a bad send_id', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await expect(engine.createSendId('acme', { campaign_id: 'nope' })).rejects.toMatchObject({ httpStatus: 400, message: 'Campaign does not exist' });
    await expect(engine.createSendId('acme', { campaign_id: ORDER_CONFIRMATION.id, send_id: 'x'.repeat(65) })).rejects.toMatchObject({ httpStatus: 400, message: 'Bad Request' });
  });
});

describe('putCampaign / putCanvas (spec 9)', () => {
  it('stores a definition with defaults, id from the path, and uses it at once', async () => {
    engine = engineFor({ workspaces: [workspace('acme', { users: [{ external_id: 'u-1', attributes: { phone: '+15550100' } }] })] });
    const stored = await engine.putCampaign('acme', 'sms-1', { id: 'ignored', channel: 'sms', message: { body: 'Code {{api_trigger_properties.${code}}}' } });
    expect(stored).toEqual({ id: 'sms-1', type: 'api_triggered', status: 'active', channel: 'sms', message: { body: 'Code {{api_trigger_properties.${code}}}' } });
    await engine.triggerCampaign('acme', { campaign_id: 'sms-1', trigger_properties: { code: '42' }, recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.listMessages('acme')).messages[0]?.content).toEqual({ body: 'Code 42' });
    await engine.putCampaign('acme', 'sms-1', { channel: 'sms', message: { body: 'Replaced' } });
    await engine.triggerCampaign('acme', { campaign_id: 'sms-1', recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.listMessages('acme')).messages[1]?.content).toEqual({ body: 'Replaced' });
  });

  it('rejects an invalid definition with path errors', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    const failure = engine.putCanvas('acme', 'c', { channel: 'fax', message: {} });
    await expect(failure).rejects.toMatchObject({ httpStatus: 400, message: 'Bad Request' });
    await expect(engine.putCanvas('acme', 'c', 'text')).rejects.toMatchObject({ httpStatus: 400 });
  });

  it('rejects a message whose Liquid does not parse, naming the field, and keeps what was stored', async () => {
    engine = engineFor({ workspaces: [workspace('acme')] });
    await engine.putCampaign('acme', 'welcome', { channel: 'email', message: { subject: 'Hi', body: 'fine' } });
    const failure = engine.putCampaign('acme', 'welcome', { channel: 'email', message: { subject: 'Hi {{ first_name', body: 'fine' } });
    await expect(failure).rejects.toMatchObject({ httpStatus: 400, message: 'Bad Request', errors: [expect.stringMatching(/^message\.subject: output "\{\{ first_name" not closed/)] });
    await expect(engine.putCanvas('acme', 'c', { channel: 'push', message: { title: '{% nope %}', body: 'b' } })).rejects.toMatchObject({
      httpStatus: 400,
      errors: [expect.stringMatching(/^message\.title: tag "nope" not found/)],
    });
  });
});
