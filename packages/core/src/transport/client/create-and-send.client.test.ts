import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ServerError, ValidationError } from '../../errors';
import { type ReceivedRequest, type ScriptedServer, startScriptedServer } from './scripted-server.fixture';
import { TriggerKitClient } from './triggerkit.client';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface SentRecipient {
  external_user_id: string;
  send_to_existing_only: boolean;
  attributes?: Record<string, unknown>;
}

const recipientsOf = (request: ReceivedRequest): SentRecipient[] => (request.body as { recipients: SentRecipient[] }).recipients;
const users = (count: number) => Array.from({ length: count }, (_v, i) => ({ external_user_id: `u-${i}`, attributes: { first_name: `N${i}` } }));

/** Answers 201 after a short delay (so requests overlap), naming the dispatch after the first recipient. */
async function dispatchingServer(answer?: (request: ReceivedRequest) => { status: number; body: object } | undefined) {
  server = await startScriptedServer((request) => {
    const custom = answer?.(request);
    if (custom !== undefined) return custom;
    return { status: 201, delayMs: 5, body: { dispatch_id: `d-${recipientsOf(request)[0]?.external_user_id}`, message: 'success' } };
  });
  return server;
}

describe('createAndSend', () => {
  it('delivers 1,234 recipients in 25 requests of ≤ 50, each exactly once, never more than maxConcurrency at once', async () => {
    const server = await dispatchingServer();
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k', maxConcurrency: 4 });
    const recipients = users(1_234);
    const result = await client.createAndSend({ campaign_id: 'c-1', trigger_properties: { order: 1 }, recipients });

    expect(server.requests).toHaveLength(25);
    const sent = server.requests.flatMap(recipientsOf);
    expect(server.requests.every((r) => recipientsOf(r).length <= 50)).toBe(true);
    expect(sent.map((r) => r.external_user_id).sort()).toEqual(recipients.map((r) => r.external_user_id).sort());
    expect(new Set(sent.map((r) => r.external_user_id)).size).toBe(1_234);
    expect(sent.every((r) => r.send_to_existing_only === false)).toBe(true);
    expect(server.requests.every((r) => (r.body as { trigger_properties: unknown }).trigger_properties !== undefined)).toBe(true);
    expect(server.maxInFlight()).toBeLessThanOrEqual(4);
    expect(server.maxInFlight()).toBeGreaterThan(1);

    expect(result.failures).toEqual([]);
    expect(result.dispatches).toHaveLength(25);
    expect(result.dispatches.flatMap((d) => d.recipients)).toEqual(recipients);
    for (const dispatch of result.dispatches) expect(dispatch.dispatch_id).toBe(`d-${dispatch.recipients[0]?.external_user_id}`);
  });

  it('honours a per-call concurrency of 1', async () => {
    const server = await dispatchingServer();
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    await client.createAndSend({ campaign_id: 'c-1', recipients: users(120) }, { maxConcurrency: 1 });
    expect(server.requests).toHaveLength(3);
    expect(server.maxInFlight()).toBe(1);
  });

  it('reports a failed request with its recipients and still delivers the others', async () => {
    const server = await dispatchingServer((request) =>
      recipientsOf(request).some((r) => r.external_user_id === 'u-75') ? { status: 500, body: { message: 'Internal Server Error' } } : undefined,
    );
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    const recipients = users(130);
    const result = await client.createAndSend({ campaign_id: 'c-1', recipients });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.error).toBeInstanceOf(ServerError);
    expect(result.failures[0]?.recipients).toEqual(recipients.slice(50, 100));
    expect(result.dispatches.flatMap((d) => d.recipients)).toEqual([...recipients.slice(0, 50), ...recipients.slice(100)]);
  });

  it('stops sending after a 401: the rest report the same error without a request', async () => {
    const server = await dispatchingServer(() => ({ status: 401, body: { message: 'Invalid API key' } }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k', maxConcurrency: 2 });
    const result = await client.createAndSend({ campaign_id: 'c-1', recipients: users(500) });
    expect(server.requests.length).toBeLessThanOrEqual(2);
    expect(result.dispatches).toEqual([]);
    expect(result.failures.flatMap((f) => f.recipients)).toHaveLength(500);
    expect(result.failures.every((f) => f.error instanceof AuthError)).toBe(true);
  });

  it('requires non-empty attributes for every recipient, before sending anything', async () => {
    const server = await dispatchingServer();
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    const recipients = [...users(60), { external_user_id: 'bare', attributes: {} }];
    const error = await client.createAndSend({ campaign_id: 'c-1', recipients }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ message: 'Invalid recipient', errors: [expect.stringMatching(/^recipients\[60\]\.attributes: required/)] });
    await expect(client.createAndSend({ campaign_id: 'c-1', recipients: [] })).rejects.toMatchObject({ message: 'No Recipients' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('updateAndSend', () => {
  it('sends to existing users only', async () => {
    const server = await dispatchingServer();
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    const result = await client.updateAndSend({ campaign_id: 'c-1', recipients: [{ user_alias: { alias_name: 'a', alias_label: 'l' }, attributes: { plan: 'pro' } }] });
    expect(result.dispatches).toHaveLength(1);
    expect(server.requests[0]?.body).toEqual({
      campaign_id: 'c-1',
      recipients: [{ user_alias: { alias_name: 'a', alias_label: 'l' }, attributes: { plan: 'pro' }, send_to_existing_only: true }],
    });
  });

  it('targets a canvas with context when given canvas_id', async () => {
    const server = await dispatchingServer();
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    await client.createAndSend({ canvas_id: 'cv-1', context: { step: 1 }, recipients: users(51) });
    expect(server.requests.map((r) => r.path)).toEqual(['/canvas/trigger/send', '/canvas/trigger/send']);
    expect(server.requests[0]?.body).toMatchObject({ canvas_id: 'cv-1', context: { step: 1 } });
  });
});

describe('createAndSend with validate: false', () => {
  it('sends the chunks as given and reports the server refusals as failures', async () => {
    const server = await dispatchingServer(() => ({ status: 400, body: { message: 'Invalid recipient', errors: ['recipients[0]: from the server'] } }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
    const recipients = [{ external_user_id: 'bare', attributes: {} }];
    await expect(client.createAndSend({ campaign_id: 'c-1', recipients })).rejects.toBeInstanceOf(ValidationError);
    const result = await client.createAndSend({ campaign_id: 'c-1', recipients }, { validate: false });
    expect(result.failures).toMatchObject([{ error: { message: 'Invalid recipient' }, recipients }]);
    expect(server.requests).toHaveLength(1);
  });
});
