import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectCreated, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const trigger = { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }] };

describe.each(HOSTS)('spec 2, authentication and permissions: $name', (host) => {
  const { send } = serve(host);

  it('answers 401 "Invalid API key", byte for byte, without a key', async () => {
    const response = await send('POST', '/campaigns/trigger/send', { body: trigger });
    expect(response.status).toBe(401);
    expect(response.text).toBe('{"message":"Invalid API key"}');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 401 for an unknown key', async () => {
    expectJson(await send('POST', '/campaigns/trigger/send', { key: 'nope', body: trigger }), 401, { message: 'Invalid API key' });
  });

  it('accepts the legacy api_key inside the body', async () => {
    expectCreated(await send('POST', '/campaigns/trigger/send', { body: { ...trigger, api_key: KEYS.all } }));
  });

  it('lets the header win over a body api_key', async () => {
    const response = await send('POST', '/campaigns/trigger/send', { key: 'wrong', body: { ...trigger, api_key: KEYS.all } });
    expectJson(response, 401, { message: 'Invalid API key' });
  });

  it('never journals the body api_key', async () => {
    await send('POST', '/users/track', { body: { api_key: KEYS.all, attributes: [{ external_id: 'journaled', first_name: 'J' }] } });
    const journal = await send('GET', '/_mock/requests', { key: KEYS.all });
    const entry = (journal.json as { requests: { path: string; body: Record<string, unknown> }[] }).requests.findLast((r) => r.path === '/users/track');
    expect(entry?.body).toEqual({ attributes: [{ external_id: 'journaled', first_name: 'J' }] });
    expect(journal.text).not.toContain(KEYS.all);
  });

  it.each([
    ['/campaigns/trigger/send', 'campaigns.trigger.send', trigger],
    ['/canvas/trigger/send', 'canvas.trigger.send', { canvas_id: 'onboarding', recipients: [{ external_user_id: 'ann' }] }],
    ['/sends/id/create', 'sends.id.create', { campaign_id: 'welcome' }],
  ])('answers 403 naming the permission %s needs, with rate-limit headers', async (path, permission, body) => {
    const response = await send('POST', path, { key: KEYS.trackOnly, body });
    expectJson(response, 403, { message: `Access Denied: this API key lacks the ${permission} permission` });
    expect(response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  });

  it('keeps workspaces apart: a user created in one is invisible to another', async () => {
    const created = await send('POST', '/campaigns/trigger/send', {
      key: KEYS.all,
      body: { campaign_id: 'welcome', recipients: [{ external_user_id: 'isolated', send_to_existing_only: false, attributes: { email: 'i@example.com' } }] },
    });
    expectCreated(created);
    expect((await send('GET', '/_mock/users/isolated', { key: KEYS.all })).status).toBe(200);
    expectJson(await send('GET', '/_mock/users/isolated', { key: KEYS.other }), 404, { message: 'User not found' });
  });
});
