import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectCreated, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const welcomeAnn = { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }] };

describe.each(HOSTS)('spec 9, inspection, routing and faults: $name', (host) => {
  const { send } = serve(host);
  const inspect = (path: string, key: string = KEYS.all) => send('GET', path, { key });
  const trigger = (body: unknown = welcomeAnn) => send('POST', '/campaigns/trigger/send', { key: KEYS.all, body });

  it('answers the health check without a key', async () => {
    expectJson(await send('GET', '/_mock/health'), 200, { status: 'ok' });
  });

  it('authenticates /_mock and requires mock.inspect', async () => {
    expectJson(await send('GET', '/_mock/messages'), 401, { message: 'Invalid API key' });
    expectJson(await inspect('/_mock/messages', KEYS.noInspect), 403, { message: 'Access Denied: this API key lacks the mock.inspect permission' });
  });

  it('lists messages oldest first, filtered by the query, scoped to the workspace', async () => {
    const first = expectCreated(await trigger());
    const second = expectCreated(await trigger({ campaign_id: 'welcome', recipients: [{ external_user_id: 'cat' }] }));
    const all = (await inspect('/_mock/messages?campaign_id=welcome')).json as { messages: { dispatch_id: string }[] };
    const order = all.messages.map((m) => m.dispatch_id).filter((id) => id === first.dispatch_id || id === second.dispatch_id);
    expect(order).toEqual([first.dispatch_id, second.dispatch_id]);
    const cats = (await inspect(`/_mock/messages?external_user_id=cat&dispatch_id=${second.dispatch_id}`)).json as { messages: { recipient: object }[] };
    expect(cats.messages).toEqual([expect.objectContaining({ recipient: expect.objectContaining({ external_user_id: 'cat' }) })]);
    expectJson(await inspect('/_mock/messages', KEYS.other), 200, { messages: [] });
  });

  it('records the address each message went to, as the profile held it then, and serves the OpenAPI document without a key', async () => {
    const recipient = (email: string) => ({ external_user_id: 'moving-1', send_to_existing_only: false, attributes: { email } });
    const before = expectCreated(await trigger({ campaign_id: 'welcome', recipients: [recipient('old@example.com')] }));
    const after = expectCreated(await trigger({ campaign_id: 'welcome', recipients: [recipient('new@example.com')] }));
    const addressOf = async (dispatchId: string) => ((await inspect(`/_mock/messages?dispatch_id=${dispatchId}`)).json as { messages: { recipient: { address?: string } }[] }).messages[0]?.recipient.address;
    expect(await addressOf(before.dispatch_id)).toBe('old@example.com');
    expect(await addressOf(after.dispatch_id)).toBe('new@example.com');
    const openapi = await send('GET', '/_mock/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.json).toMatchObject({ openapi: '3.1.0', paths: { '/campaigns/trigger/send': expect.any(Object) } });
  });

  it('answers 404 for an unknown dispatch or user', async () => {
    expect((await inspect('/_mock/dispatches/no-such-dispatch')).status).toBe(404);
    expectJson(await inspect('/_mock/users/no-such-user'), 404, { message: 'User not found' });
  });

  it('passes encoded path segments through untouched', async () => {
    await send('POST', '/users/track', { key: KEYS.all, body: { attributes: [{ external_id: 'a b/c', first_name: 'Spaced' }] } });
    const profile = await inspect(`/_mock/users/${encodeURIComponent('a b/c')}`);
    expect(profile.json).toMatchObject({ external_id: 'a b/c', attributes: { first_name: 'Spaced' } });
  });

  it('journals the Braze requests with their status', async () => {
    await trigger({ campaign_id: 'journal-missing', recipients: [{ external_user_id: 'ann' }] });
    const { requests } = (await inspect('/_mock/requests')).json as { requests: { method: string; path: string; status: number; body: { campaign_id?: string } }[] };
    expect(requests.findLast((r) => r.body.campaign_id === 'journal-missing')).toMatchObject({ method: 'POST', path: '/campaigns/trigger/send', status: 400 });
  });

  it('defines campaigns at run time', async () => {
    const definition = { channel: 'sms', message: { body: 'Runtime {{api_trigger_properties.${n}}}' } };
    const stored = await send('PUT', '/_mock/campaigns/runtime', { key: KEYS.all, body: definition });
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ id: 'runtime', channel: 'sms' });
    const created = expectCreated(
      await trigger({ campaign_id: 'runtime', trigger_properties: { n: 7 }, recipients: [{ external_user_id: 'ann', attributes: { phone: '+15550100' } }] }),
    );
    const { messages } = (await inspect(`/_mock/messages?dispatch_id=${created.dispatch_id}`)).json as { messages: { content: object }[] };
    expect(messages).toEqual([expect.objectContaining({ content: { body: 'Runtime 7' } })]);
  });

  it('injects faults before processing, then clears them', async () => {
    expect((await send('PUT', '/_mock/faults', { key: KEYS.all, body: { status: 503, count: 1 } })).status).toBe(200);
    expect((await trigger()).status).toBe(503);
    expectCreated(await trigger());

    await send('PUT', '/_mock/faults', { key: KEYS.all, body: { status: 429, count: 1 } });
    const limited = await trigger();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);

    await send('PUT', '/_mock/faults', { key: KEYS.all, body: { drop_connection: true, count: 1 } });
    await expect(trigger()).rejects.toThrow();
    expectCreated(await trigger());

    await send('PUT', '/_mock/faults', { key: KEYS.all, body: { status: 500 } });
    expect((await send('DELETE', '/_mock/faults', { key: KEYS.all })).status).toBe(200);
    expectCreated(await trigger());
  });

  it('resets the workspace to its configured state', async () => {
    await trigger({ campaign_id: 'welcome', recipients: [{ external_user_id: 'temporary', send_to_existing_only: false, attributes: { email: 't@example.com' } }] });
    expect((await inspect('/_mock/users/temporary')).status).toBe(200);
    expect((await send('POST', '/_mock/reset', { key: KEYS.all })).status).toBe(200);
    expect((await inspect('/_mock/users/temporary')).status).toBe(404);
    expect((await inspect('/_mock/users/ann')).json).toMatchObject({ external_id: 'ann', attributes: { first_name: 'Ann' } });
    expectJson(await inspect('/_mock/messages'), 200, { messages: [] });
    expectJson(await inspect('/_mock/requests'), 200, { requests: [] });
  });

  it('keeps campaign and canvas definitions across a reset, run-time ones included', async () => {
    await send('PUT', '/_mock/campaigns/kept', { key: KEYS.all, body: { channel: 'email', message: { subject: 'Kept', body: 'Kept' } } });
    await send('PUT', '/_mock/canvases/kept-canvas', { key: KEYS.all, body: { channel: 'push', message: { title: 'Kept', body: 'Kept' } } });
    expect((await send('POST', '/_mock/reset', { key: KEYS.all })).status).toBe(200);
    expectCreated(await trigger({ campaign_id: 'kept', recipients: [{ external_user_id: 'ann' }] }));
    expectCreated(await trigger());
    expectCreated(await send('POST', '/canvas/trigger/send', { key: KEYS.all, body: { canvas_id: 'kept-canvas', recipients: [{ external_user_id: 'ann' }] } }));
  });

  it('answers 404 for an unknown path and 405 (with Allow) for a wrong method', async () => {
    expectJson(await send('POST', '/campaigns/nothing/here', { key: KEYS.all, body: {} }), 404, { message: 'Not Found' });
    const wrongMethod = await send('GET', '/campaigns/trigger/send', { key: KEYS.all });
    expectJson(wrongMethod, 405, { message: 'Method Not Allowed' });
    expect(wrongMethod.headers.get('allow')).toContain('POST');
  });
});
