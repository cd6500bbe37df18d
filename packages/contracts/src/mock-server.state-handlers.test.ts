import { createTriggerKitHandler, listen, type ListeningServer, type MockServerConfigInput, type TriggerKitHandler } from '@triggerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_API_KEY, CONTRACT_UNKNOWN_API_KEY, contractMockServerConfig } from './mock-server.config';
import { mockServerStateHandlers, type StateHandlers, type StateSetupFailure } from './mock-server.state-handlers';
import { given, PROVIDER_STATES, type ProviderState } from './provider-states';

let running: { server: ListeningServer; handler: TriggerKitHandler } | undefined;
afterEach(async () => {
  await running?.server.close();
  await running?.handler.close();
  running = undefined;
});

async function startServer(config: MockServerConfigInput = contractMockServerConfig()): Promise<string> {
  const handler = createTriggerKitHandler({ config });
  running = { server: await listen(handler.handle), handler };
  return running.server.url;
}

async function setUp(handlers: StateHandlers, state: ProviderState): Promise<unknown> {
  // The kit's handlers are plain state functions (Pact calls them for `setup`); what they return is injected.
  const handler = handlers[state.name] as ((params: unknown) => Promise<unknown>) | undefined;
  if (handler === undefined) throw new Error(`no handler for ${state.name}`);
  return handler(state.params);
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${CONTRACT_API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const trigger = (campaign_id: string, external_user_id = 'ann') => ({ campaign_id, recipients: [{ external_user_id }] });

describe('mockServerStateHandlers', () => {
  it('has a handler for every provider state of the kit', () => {
    expect(Object.keys(mockServerStateHandlers('http://127.0.0.1:1', CONTRACT_API_KEY)).sort()).toEqual(Object.values(PROVIDER_STATES).sort());
  });

  it('an active campaign and canvas can be triggered', async () => {
    const url = await startServer();
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY);
    await setUp(handlers, given.activeCampaign('welcome', { channel: 'sms' }));
    await setUp(handlers, given.activeCanvas('onboarding'));
    expect((await call(url, 'POST', '/campaigns/trigger/send', trigger('welcome'))).status).toBe(201);
    expect((await call(url, 'POST', '/canvas/trigger/send', { canvas_id: 'onboarding', recipients: [{ external_user_id: 'ann' }] })).status).toBe(201);
  });

  it('an active campaign keeps its segment', async () => {
    const url = await startServer();
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY);
    const segment = { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } };
    await setUp(handlers, given.activeCampaign('pro-only', { segment }));
    await setUp(handlers, given.existingUser('ann', { plan: 'free', email: 'ann@example.com' }));
    const { body } = await call(url, 'POST', '/campaigns/trigger/send', trigger('pro-only'));
    const dispatch = await call(url, 'GET', `/_mock/dispatches/${String(body.dispatch_id)}`);
    expect(dispatch.body.recipients).toMatchObject([{ outcome: 'skipped', reason: 'not_in_segment' }]);
  });

  it('the clock state moves the manual clock; a scheduled trigger gives its schedule_id for injection', async () => {
    const url = await startServer();
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY);
    await setUp(handlers, given.clockAt('2026-01-01T08:00:00Z'));
    expect((await call(url, 'GET', '/_mock/clock')).body).toMatchObject({ now: '2026-01-01T08:00:00.000Z', mode: 'manual' });
    const injected = (await setUp(handlers, given.scheduledCampaignTrigger('cart-reminder', '2026-01-02T09:00:00Z'))) as { schedule_id: string };
    expect((await call(url, 'GET', `/_mock/schedules/${injected.schedule_id}`)).body).toMatchObject({ campaign_id: 'cart-reminder', state: 'scheduled', first_moment: '2026-01-02T09:00:00.000Z' });
  });

  it('an existing user is visible with its attributes once the state is set up, even with a propagation delay', async () => {
    const config = contractMockServerConfig();
    const workspace = config.workspaces[0];
    if (workspace) workspace.users_track_delay_ms = 60;
    const url = await startServer(config);
    await setUp(mockServerStateHandlers(url, CONTRACT_API_KEY), given.existingUser('ann', { first_name: 'Ann', plan: 'pro' }));
    const user = await call(url, 'GET', '/_mock/users/ann');
    expect(user.status).toBe(200);
    expect(user.body.attributes).toMatchObject({ first_name: 'Ann', plan: 'pro' });
  });

  it('a clean workspace has no users, and no pending fault', async () => {
    const url = await startServer();
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY);
    await setUp(handlers, given.activeCampaign('welcome'));
    await setUp(handlers, given.existingUser('ann'));
    await setUp(handlers, given.rateLimitExhausted('/campaigns/trigger/send'));
    await setUp(handlers, { name: PROVIDER_STATES.cleanWorkspace, params: {} });
    expect((await call(url, 'GET', '/_mock/users/ann')).status).toBe(404);
    expect((await call(url, 'POST', '/campaigns/trigger/send', trigger('welcome'))).status).toBe(201);
  });

  it('an exhausted rate limit answers the next request to that path with 429, and only that path', async () => {
    const url = await startServer();
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY);
    await setUp(handlers, given.activeCampaign('welcome'));
    await setUp(handlers, given.rateLimitExhausted('/campaigns/trigger/send'));
    expect((await call(url, 'POST', '/users/track', { attributes: [{ external_id: 'ann', plan: 'pro' }] })).status).toBe(201);
    expect((await call(url, 'POST', '/campaigns/trigger/send', trigger('welcome'))).status).toBe(429);
    expect((await call(url, 'POST', '/campaigns/trigger/send', trigger('welcome'))).status).toBe(201);
  });

  it('"no such user" fails, and reports, when the user exists', async () => {
    const url = await startServer();
    const failures: StateSetupFailure[] = [];
    const handlers = mockServerStateHandlers(url, CONTRACT_API_KEY, { onFailure: (failure) => failures.push(failure) });
    await setUp(handlers, given.existingUser('ann'));
    await expect(setUp(handlers, given.noSuchUser('ann'))).rejects.toThrow("user 'ann' should not exist");
    expect(failures).toEqual([{ state: PROVIDER_STATES.noSuchUser, params: { external_id: 'ann' }, error: expect.any(Error) }]);
  });

  it('reports a key the server refuses', async () => {
    const url = await startServer();
    const failures: StateSetupFailure[] = [];
    const handlers = mockServerStateHandlers(url, CONTRACT_UNKNOWN_API_KEY, { onFailure: (failure) => failures.push(failure) });
    await expect(setUp(handlers, { name: PROVIDER_STATES.cleanWorkspace, params: {} })).rejects.toThrow('POST /_mock/reset answered 401');
    expect(failures).toHaveLength(1);
  });

  it('rejects missing or malformed parameters with the parameter named', async () => {
    const handlers = mockServerStateHandlers('http://127.0.0.1:1', CONTRACT_API_KEY);
    await expect(setUp(handlers, { name: PROVIDER_STATES.activeCampaign, params: { channel: 'email' } })).rejects.toThrow("provider state parameter 'campaign_id' must be a non-empty string");
    await expect(setUp(handlers, { name: PROVIDER_STATES.activeCampaign, params: { campaign_id: 'c', channel: 'fax' } })).rejects.toThrow("channel must be one of email, push, sms, got 'fax'");
    await expect(setUp(handlers, { name: PROVIDER_STATES.existingUser, params: { external_id: 'ann', attributes: [] } })).rejects.toThrow("provider state parameter 'attributes' must be an object");
    await expect(setUp(handlers, { name: PROVIDER_STATES.rateLimitExhausted, params: {} })).rejects.toThrow("provider state parameter 'path' must be a non-empty string");
  });
});
