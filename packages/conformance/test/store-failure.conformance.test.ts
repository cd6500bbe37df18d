import { createMemoryStore } from '@triggerkit/core';
import { createFaultyStore } from '@triggerkit/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectCreated, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const UNAVAILABLE = { message: 'Service Unavailable: the request could not be stored; nothing was processed' };

/** Spec 3.3's all-or-nothing request, and issue 11's honest storage failures, over real HTTP on every host. */
describe.each(HOSTS)('a failing store answers 503 and writes nothing: $name', (host) => {
  const store = createFaultyStore(createMemoryStore());
  const { send } = serve(host, { store });
  const post = (path: string, body: unknown) => send('POST', path, { key: KEYS.all, body });
  const get = async (path: string) => (await send('GET', path, { key: KEYS.all })).json;
  const state = async () => ({
    messages: await get('/_mock/messages?limit=1000'),
    ann: await get('/_mock/users/ann'),
    fresh: (await send('GET', '/_mock/users/fresh-1', { key: KEYS.all })).status,
    tracked: (await send('GET', '/_mock/users/tracked-1', { key: KEYS.all })).status,
  });
  const createAndSend = {
    campaign_id: 'welcome',
    recipients: [
      { external_user_id: 'ann', attributes: { first_name: 'Changed' } },
      { external_user_id: 'fresh-1', send_to_existing_only: false, attributes: { email: 'f1@example.com', first_name: 'F' } },
    ],
  };

  beforeEach(async () => {
    store.heal();
    expect((await send('POST', '/_mock/reset', { key: KEYS.all })).status).toBe(200);
  });

  it.each([1, 2, 3, 4])('trigger/send: the write number %i fails → 503, nothing written, the retry succeeds', async (nth) => {
    const before = await state();
    store.failAt('write', nth);
    const failed = await post('/campaigns/trigger/send', createAndSend);
    expectJson(failed, 503, UNAVAILABLE);
    expect(failed.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(await state()).toEqual(before);
    expectCreated(await post('/campaigns/trigger/send', createAndSend));
    expect((await state()).fresh).toBe(200);
  });

  it('trigger/send: the commit fails → 503, nothing written', async () => {
    const before = await state();
    store.failAt('commit');
    expectJson(await post('/campaigns/trigger/send', createAndSend), 503, UNAVAILABLE);
    expect(await state()).toEqual(before);
  });

  it('users/track: a failing store answers 503 and acknowledges nothing; then it works', async () => {
    const before = await state();
    store.failAt('write', 2);
    const body = { attributes: [{ external_id: 'ann', plan: 'pro' }, { external_id: 'tracked-1', plan: 'x' }] };
    expectJson(await post('/users/track', body), 503, UNAVAILABLE);
    expect(await state()).toEqual(before);
    expectJson(await post('/users/track', body), 201, { message: 'success', attributes_processed: 2 });
    expect((await state()).tracked).toBe(200);
  });

  it('users/track with a propagation delay: the pending write is stored before the 201, or it is a 503', async () => {
    store.failAt('commit');
    const body = { attributes: [{ external_id: 'slow-one', first_name: 'Slow' }] };
    const failed = await send('POST', '/users/track', { key: KEYS.slow, body });
    expectJson(failed, 503, UNAVAILABLE);
    expect(await store.listDue('slow', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expectJson(await send('POST', '/users/track', { key: KEYS.slow, body }), 201, { message: 'success', attributes_processed: 1 });
    expect(await store.listDue('slow', Number.MAX_SAFE_INTEGER, 10)).toHaveLength(1);
  });

  it('sends/id/create and reset: 503 and nothing changed', async () => {
    store.failAt('commit');
    expectJson(await post('/sends/id/create', { campaign_id: 'welcome', send_id: 'lost' }), 503, UNAVAILABLE);
    expect(await store.listSendIds('acme')).toEqual([]);
    expectCreated(await post('/campaigns/trigger/send', createAndSend));
    store.failAt('commit');
    expectJson(await send('POST', '/_mock/reset', { key: KEYS.all }), 503, UNAVAILABLE);
    expect((await send('GET', '/_mock/users/fresh-1', { key: KEYS.all })).status).toBe(200);
  });

  it('journals the 503 like any answer', async () => {
    store.failAt('commit');
    await post('/campaigns/trigger/send', createAndSend);
    const { requests } = (await get('/_mock/requests')) as { requests: { status: number }[] };
    expect(requests.at(-1)?.status).toBe(503);
  });
});
