import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { FIXED_NOW_MS, fixedClock, KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectCreated, expectJson } from './support/assertions';
import type { Exchange } from './support/http-exchange';
import { serve } from './support/host-session';

// Spec revision 2 over HTTP, on every host: what each rule looks like to a client.

const ann = { external_user_id: 'ann' };
const hasRateLimitHeaders = (exchange: Exchange) => [...exchange.headers.keys()].some((name) => name.startsWith('x-ratelimit') || name === 'retry-after');

describe.each(HOSTS)('spec 2, Rev 2: 415 Unsupported Media Type first: $name', (host) => {
  const session = serve(host, { clock: fixedClock });
  const { send } = session;

  /** A POST with exactly these headers: fetch adds no content type of its own to bytes. */
  async function postBytes(path: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<Exchange> {
    const response = await fetch(`${session.url}${path}`, { method, headers, body: new TextEncoder().encode(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  const trigger = JSON.stringify({ campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }] });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain;charset=UTF-8' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a JSON-like type', { 'content-type': 'application/vnd.api+json' }],
  ])('answers a Braze POST with %s 415, without rate-limit headers, before the key is looked at', async (_name, headers) => {
    for (const path of ['/campaigns/trigger/send', '/canvas/trigger/send', '/users/track', '/sends/id/create']) {
      for (const key of [KEYS.limited, 'unknown-key']) {
        const refused = await postBytes(path, trigger, { authorization: `Bearer ${key}`, ...headers });
        expectJson(refused, 415, { message: 'Unsupported Media Type' });
        expect(hasRateLimitHeaders(refused)).toBe(false);
      }
    }
    // a body api_key is never looked at either
    expectJson(await postBytes('/users/track', JSON.stringify({ api_key: KEYS.limited, attributes: [] }), headers), 415, { message: 'Unsupported Media Type' });
  });

  it('processes, counts and journals nothing it refuses, and accepts application/json with parameters in any case', async () => {
    await send('POST', '/_mock/reset', { key: KEYS.limited });
    const create = JSON.stringify({ campaign_id: 'welcome', recipients: [{ external_user_id: 'm-1', send_to_existing_only: false, attributes: { email: 'm1@example.com' } }] });
    for (let i = 0; i < 5; i += 1) expect((await postBytes('/campaigns/trigger/send', create, { authorization: `Bearer ${KEYS.limited}`, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send('GET', '/_mock/users/m-1', { key: KEYS.limited })).status).toBe(404);
    expect((await send('GET', '/_mock/requests', { key: KEYS.limited })).json).toEqual({ requests: [] });
    // the limited workspace allows 3 triggers an hour: all three are still there
    for (const contentType of ['application/json', 'Application/JSON; charset=utf-8', 'APPLICATION/JSON;charset=UTF-8']) {
      const accepted = await postBytes('/campaigns/trigger/send', create, { authorization: `Bearer ${KEYS.limited}`, 'content-type': contentType });
      expectCreated(accepted);
    }
    expect((await postBytes('/campaigns/trigger/send', create, { authorization: `Bearer ${KEYS.limited}`, 'content-type': 'application/json' })).status).toBe(429);
  });

  it('refuses a non-JSON body over 4 MB with 415, not 413, without reading it', async () => {
    const refused = await postBytes('/users/track', 'x'.repeat(4 * 1024 * 1024 + 10), { authorization: `Bearer ${KEYS.all}`, 'content-type': 'text/plain' });
    expectJson(refused, 415, { message: 'Unsupported Media Type' });
  });

  it('refuses a POST or PUT to /_mock with a non-JSON body; a body-less POST /_mock/reset stays valid', async () => {
    const auth = { authorization: `Bearer ${KEYS.all}` };
    expectJson(await postBytes('/_mock/faults', JSON.stringify({ status: 503 }), { ...auth, 'content-type': 'text/plain' }, 'PUT'), 415, { message: 'Unsupported Media Type' });
    expectJson(await postBytes('/_mock/campaigns/new-one', JSON.stringify({ channel: 'sms', message: { body: 'x' } }), auth, 'PUT'), 415, { message: 'Unsupported Media Type' });
    expectJson(await postBytes('/_mock/reset', 'x', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }), 415, { message: 'Unsupported Media Type' });
    expect((await send('POST', '/_mock/reset', { key: KEYS.all })).status).toBe(200);
    // the refused fault was never set: the next trigger is served
    expectCreated(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, body: { campaign_id: 'welcome', recipients: [ann] } }));
    expect((await send('GET', '/_mock/health')).status).toBe(200);
  });
});

describe.each(HOSTS)('spec 3-8, Rev 2 over HTTP: $name', (host) => {
  const { send } = serve(host);
  const post = (path: string, body: unknown, key: string = KEYS.all) => send('POST', path, { key, body });
  const dispatchOf = async (exchange: Exchange) => (await send('GET', `/_mock/dispatches/${expectCreated(exchange).dispatch_id}`, { key: KEYS.all })).json as { recipients: Record<string, unknown>[] };
  const user = async (externalId: string) => ((await send('GET', `/_mock/users/${externalId}`, { key: KEYS.all })).json as { attributes: Record<string, unknown> }).attributes;

  it('resolves email recipients with identified / unidentified as filters, creating an unidentified profile when asked (spec 3.3)', async () => {
    const email = 'ann@example.com';
    const created = await post('/campaigns/trigger/send', {
      campaign_id: 'welcome',
      recipients: [{ email, prioritization: ['unidentified'], send_to_existing_only: false, attributes: { first_name: 'Guest' } }],
    });
    expect((await dispatchOf(created)).recipients).toMatchObject([{ outcome: 'sent', created: true }]);
    const messagesOf = async (prioritization: string[]) => {
      const sent = await post('/campaigns/trigger/send', { campaign_id: 'welcome', recipients: [{ email, prioritization }] });
      const { messages } = (await send('GET', `/_mock/messages?dispatch_id=${expectCreated(sent).dispatch_id}`, { key: KEYS.all })).json as { messages: { recipient: Record<string, unknown>; content: Record<string, string> }[] };
      return messages.map((message) => [message.recipient.external_user_id ?? null, message.content.body]);
    };
    expect(await messagesOf(['identified'])).toEqual([['ann', 'Hello Ann']]);
    expect(await messagesOf(['unidentified'])).toEqual([[null, 'Hello Guest']]);
    expect(await messagesOf(['identified', 'least_recently_updated'])).toEqual([['ann', 'Hello Ann']]);
    const nobody = await post('/campaigns/trigger/send', { campaign_id: 'welcome', recipients: [{ email: 'nobody@example.com', prioritization: ['identified'], send_to_existing_only: false, attributes: { first_name: 'N' } }] });
    expect((await dispatchOf(nobody)).recipients).toMatchObject([{ outcome: 'skipped', reason: 'user_not_found', created: false }]);
  });

  it('does not apply subscription_groups from a canvas trigger and says so in the dispatch (spec 4)', async () => {
    const groups = [{ subscription_group_id: 'g-1', subscription_state: 'subscribed' }];
    const canvas = await post('/canvas/trigger/send', { canvas_id: 'onboarding', context: { step: 1 }, recipients: [{ ...ann, attributes: { first_name: 'Annie', subscription_groups: groups } }] });
    expect((await dispatchOf(canvas)).recipients).toMatchObject([{ outcome: 'sent', ignored: ['subscription_groups'] }]);
    expect(await user('ann')).toMatchObject({ first_name: 'Annie' });
    expect(await user('ann')).not.toHaveProperty('subscription_groups');
    expectBadRequest(await post('/canvas/trigger/send', { broadcast: true }), 'canvas_id must be a string of the Canvas api identifier');
  });

  it('sends despite an invalid nested value, dropping that recipient\'s nested updates (spec 7)', async () => {
    const sent = await post('/campaigns/trigger/send', {
      campaign_id: 'welcome',
      recipients: [{ external_user_id: 'bob', attributes: { plan: 'pro', trip: { at: { $time: 'soon' } }, home: { city: 'Oslo' } } }],
    });
    expect((await dispatchOf(sent)).recipients).toMatchObject([{ outcome: 'sent', dropped: ['recipients[0].attributes.trip.at.$time'] }]);
    expect(await user('bob')).toMatchObject({ plan: 'pro' });
    expect(await user('bob')).not.toHaveProperty('home');
    const tracked = await post('/users/track', { attributes: [{ external_id: 'cat', plan: 'team', d: { b: { $time: '2026-13-01' } } }] });
    expectJson(tracked, 201, { message: 'success', attributes_processed: 1, errors: [{ type: 'attributes[0].d.b.$time: must be an ISO-8601 date or time', input_array: 'attributes', index: 0 }] });
    expect(await user('cat')).toMatchObject({ plan: 'team' });
  });

  it('maps a country name to its code, stores null for anything else, keeps the time zone for a non-IANA name, de-duplicates arrays (spec 7)', async () => {
    expectCreated(await post('/campaigns/trigger/send', { campaign_id: 'welcome', recipients: [{ external_user_id: 'dan', attributes: { country: 'Australia', time_zone: 'Australia/Sydney', foods: ['hotdog', 'hotdog', 'pizza'] } }] }));
    expect(await user('dan')).toMatchObject({ country: 'AU', time_zone: 'Australia/Sydney', foods: ['hotdog', 'pizza'] });
    expectJson(await post('/users/track', { attributes: [{ external_id: 'dan', country: 'Atlantis', time_zone: 'Sydney time' }] }), 201, { message: 'success', attributes_processed: 1 });
    expect(await user('dan')).not.toHaveProperty('country');
    expect(await user('dan')).toMatchObject({ time_zone: 'Australia/Sydney' });
  });

  it('accepts is_any_of with a single string and matches users without the attribute with is_none_of (spec 6)', async () => {
    const audience = { OR: [{ custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_any_of', value: 'pro' } }, { custom_attribute: { custom_attribute_name: 'tier', comparison: 'is_none_of', value: ['gold'] } }] };
    const sent = await post('/campaigns/trigger/send', { campaign_id: 'welcome', recipients: [ann], audience });
    expect((await dispatchOf(sent)).recipients).toMatchObject([{ outcome: 'sent' }]);
    expectBadRequest(await post('/campaigns/trigger/send', { campaign_id: 'welcome', broadcast: true, audience: { custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_any_of', value: [1] } } }), 'Invalid audience');
  });

  it('names /users/track users by phone: creates a phone-only profile, then finds it by the exact phone (spec 8)', async () => {
    const phone = '+15555550123';
    expectJson(await post('/users/track', { attributes: [{ phone, marker: 'phone-only' }] }), 201, { message: 'success', attributes_processed: 1 });
    expectJson(await post('/users/track', { attributes: [{ phone, first_name: 'Phoebe' }] }), 201, { message: 'success', attributes_processed: 1 });
    const broadcast = await post('/campaigns/trigger/send', { campaign_id: 'sms-alert', broadcast: true, audience: { custom_attribute: { custom_attribute_name: 'marker', comparison: 'equals', value: 'phone-only' } } });
    expect((await dispatchOf(broadcast)).recipients).toMatchObject([{ outcome: 'sent', identifier: { braze_id: expect.any(String) } }]);
    // a known user's phone names that user
    await post('/users/track', { attributes: [{ external_id: 'cat', phone: '+15555550199' }] });
    await post('/users/track', { attributes: [{ phone: '+15555550199', plan: 'phoned' }] });
    expect(await user('cat')).toMatchObject({ phone: '+15555550199', plan: 'phoned' });
  });

  it('counts 75 objects across attributes, events and purchases: Max Input Length Exceeded past that, nothing processed (spec 8)', async () => {
    const attributes = Array.from({ length: 40 }, (_, i) => ({ external_id: `bulk-${i}`, plan: 'b' }));
    const events = Array.from({ length: 36 }, (_, i) => ({ external_id: `bulk-${i}`, name: 'e', time: '2026-01-01' }));
    expectBadRequest(await post('/users/track', { attributes, events }), 'Max Input Length Exceeded', ['attributes, events, purchases: at most 75 objects in all, got 76']);
    expect((await send('GET', '/_mock/users/bulk-0', { key: KEYS.all })).status).toBe(404);
    expectJson(await post('/users/track', { attributes, events: events.slice(1) }), 201, { message: 'success', attributes_processed: 40, events_processed: 35 });
    // a legacy workspace counts 75 per array
    const legacy = await post('/users/track', { attributes: Array.from({ length: 75 }, (_, i) => ({ external_id: `l-${i}` , plan: 'l' })), events: Array.from({ length: 75 }, (_, i) => ({ external_id: `l-${i}`, name: 'e', time: '2026-01-01' })) }, KEYS.legacy);
    expectJson(legacy, 201, { message: 'success', attributes_processed: 75, events_processed: 75 });
    expectBadRequest(await post('/users/track', { events: Array.from({ length: 76 }, () => ({})) }, KEYS.legacy), 'Max Input Length Exceeded', ['events: must have at most 75 items']);
  });
});

describe.each(HOSTS)('spec 5, Rev 2: the per-unique-audience broadcast limit: $name', (host) => {
  const { send } = serve(host, { clock: fixedClock });
  const post = (body: unknown) => send('POST', '/campaigns/trigger/send', { key: KEYS.audiences, body });
  const headers = (exchange: Exchange) => [exchange.status, exchange.headers.get('x-ratelimit-limit'), exchange.headers.get('x-ratelimit-remaining'), exchange.headers.get('retry-after')];
  const windowEnd = Math.floor(FIXED_NOW_MS / 60_000) * 60 + 60;
  const plan = (value: string) => ({ custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value } });

  it('limits each audience of each campaign, shows the window with fewer left, and counts a refusal in neither', async () => {
    const news = { campaign_id: 'news', broadcast: true, audience: plan('pro') };
    expect(headers(await post(news))).toEqual([201, '2', '1', null]);
    // the same audience with its keys in another order
    expect(headers(await post({ audience: { custom_attribute: { value: 'pro', comparison: 'equals', custom_attribute_name: 'plan' } }, broadcast: true, campaign_id: 'news' }))).toEqual([201, '2', '0', null]);
    const refused = await post(news);
    expectJson(refused, 429, { message: 'Rate limit exceeded' });
    expect(headers(refused)).toEqual([429, '2', '0', String(windowEnd - FIXED_NOW_MS / 1000)]);
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(windowEnd));
    // another campaign with the same audience is an audience of its own; both windows have 1 left, and a tie shows the per-audience one
    expect(headers(await post({ ...news, campaign_id: 'sale' }))).toEqual([201, '2', '1', null]);
    // the refusal was not counted: one more fits the class, then the class limit answers
    expect(headers(await post({ ...news, audience: plan('free') }))).toEqual([201, '4', '0', null]);
    expect(headers(await post({ ...news, audience: plan('team') }))).toEqual([429, '4', '0', String(windowEnd - FIXED_NOW_MS / 1000)]);
  });
});
