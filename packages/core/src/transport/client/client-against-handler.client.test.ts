import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../../engine/support/clock';
import { AuthError, NetworkError, PermissionError, RateLimitedError, ValidationError } from '../../errors';
import { type MockServerConfigInput } from '../../schema';
import { listen, type ListeningServer } from '../http/node-listener.http';
import { createTriggerKitHandler, type TriggerKitHandler } from '../http/triggerkit.handler';
import { FAKE_START_MS } from './scripted-server.fixture';
import { TriggerKitClient, type TriggerKitClientOptions } from './triggerkit.client';

// The client against the real core handler on a real node:http server: what one writes is what
// the other reads. The server's clock is the client's, and the client's waits move it.

const ALL = ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'transactional.send', 'campaigns.trigger.schedule.create', 'campaigns.trigger.schedule.update', 'campaigns.trigger.schedule.delete', 'messages.send', 'messages.schedule_broadcasts', 'users.export.ids', 'mock.inspect'] as const;

const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [
        { key: 'acme-all', permissions: [...ALL] },
        { key: 'acme-track', permissions: ['users.track'] },
      ],
      campaigns: [
        {
          id: 'order-confirmation',
          status: 'active',
          channel: 'email',
          segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
          message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name} | default: "there"}}' },
        },
        { id: 'receipt/eu', type: 'transactional', status: 'active', channel: 'email', message: { subject: 'Receipt {{api_trigger_properties.${order_id}}}', body: 'Thanks' } },
      ],
      canvases: [{ id: 'onboarding', status: 'active', channel: 'email', message: { subject: 'Welcome', body: 'Step {{context.${step}}}' } }],
      users: [{ external_id: 'seed-1', attributes: { email: 'seed@example.com', first_name: 'Ann' } }],
    },
    {
      name: 'tight',
      api_keys: [{ key: 'tight-all', permissions: [...ALL] }],
      rate_limits: { trigger: { limit: 2, window_seconds: 3600 }, broadcast_per_audience: { limit: 1, window_seconds: 60 } },
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Hi', body: 'Hello' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com' } }],
    },
  ],
};

let clock: ManualClock;
let triggerKit: TriggerKitHandler;
let server: ListeningServer;
let sleeps: number[];

beforeEach(async () => {
  clock = manualClock(FAKE_START_MS);
  sleeps = [];
  triggerKit = createTriggerKitHandler({ config, clock, logger: { error: () => undefined } });
  server = await listen(triggerKit.handle);
});

afterEach(async () => {
  await server.close();
  await triggerKit.close();
});

function client(options: Partial<TriggerKitClientOptions> = {}): TriggerKitClient {
  return new TriggerKitClient({
    baseUrl: server.url,
    apiKey: 'acme-all',
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    ...options,
  } as TriggerKitClientOptions);
}

async function inspect<T>(path: string, key = 'acme-all'): Promise<T> {
  const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function inject(fault: object, key = 'acme-all'): Promise<void> {
  const response = await fetch(`${server.url}/_mock/faults`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  expect(response.status).toBe(200);
}

interface DispatchView {
  recipients: { identifier: { external_user_id?: string }; outcome: string; reason?: string; created: boolean }[];
}

describe('TriggerKitClient against the core handler', () => {
  it('campaigns.schedule: create, update and delete; update is retried after a 500, create is not', async () => {
    const braze = client();
    const tomorrow = new Date(FAKE_START_MS + 86_400_000).toISOString();
    const created = await braze.campaigns.schedule.create({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }], schedule: { time: tomorrow } });
    expect(created).toEqual({ dispatch_id: expect.any(String), schedule_id: expect.any(String), message: 'success' });
    await inject({ status: 500, count: 1, paths: ['/campaigns/trigger/schedule/update'] });
    const later = new Date(FAKE_START_MS + 2 * 86_400_000).toISOString();
    await expect(braze.campaigns.schedule.update({ campaign_id: 'order-confirmation', schedule_id: created.schedule_id, schedule: { time: later } })).resolves.toEqual({ message: 'success' });
    expect(sleeps).toHaveLength(1);
    await expect(inspect(`/_mock/schedules/${created.schedule_id}`)).resolves.toMatchObject({ first_moment: later.replace(/\.\d{3}Z$/, '.000Z'), state: 'scheduled' });
    await inject({ status: 500, count: 1, paths: ['/campaigns/trigger/schedule/create'] });
    await expect(braze.campaigns.schedule.create({ campaign_id: 'order-confirmation', broadcast: true, schedule: { time: tomorrow } })).rejects.toMatchObject({ httpStatus: 500 });
    expect(sleeps).toHaveLength(1);
    await expect(braze.campaigns.schedule.delete({ campaign_id: 'order-confirmation', schedule_id: created.schedule_id })).resolves.toEqual({ message: 'success' });
    await expect(inspect(`/_mock/schedules/${created.schedule_id}`)).resolves.toMatchObject({ state: 'deleted' });
    // Locally: the schedule object's rules; the time itself is the server's to judge.
    await expect(braze.campaigns.schedule.create({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }], schedule: { time: 'tomorrow' } })).rejects.toMatchObject({ message: 'Invalid schedule' });
    await expect(braze.campaigns.schedule.create({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }], schedule: { time: '2001-01-01T00:00:00Z' } })).rejects.toMatchObject({
      response: { status: 400 },
      message: 'The schedule time is in the past',
    });
  });

  it('transactional.send: encodes the campaign id in the path, validates locally, and retries a 500 only with an external_send_id', async () => {
    const send = client().transactional.send;
    const body = { external_send_id: 'order-1', trigger_properties: { order_id: 'A-1' }, recipient: { external_user_id: 'tx-1', attributes: { email: 'tx@example.com' } } };
    await inject({ status: 500, count: 1, paths: ['/transactional/v1/campaigns/{campaign_id}/send'] });
    const first = await send('receipt/eu', body);
    expect(first).toEqual({ dispatch_id: expect.any(String), status: 'sent', metadata: { campaign_api_id: 'receipt/eu', external_send_id: 'order-1' } });
    expect(sleeps).toHaveLength(1);
    // The repeat is deduplicated by the server: the same answer, one message.
    await expect(send('receipt/eu', body)).resolves.toEqual(first);
    const { messages } = await inspect<{ messages: { content: Record<string, string> }[] }>('/_mock/messages?campaign_id=receipt%2Feu');
    expect(messages.map((m) => m.content['subject'])).toEqual(['Receipt A-1']);
    // Without the key a 500 may have sent: not retried.
    await inject({ status: 500, count: 1, paths: ['/transactional/v1/campaigns/{campaign_id}/send'] });
    await expect(send('receipt/eu', { recipient: { external_user_id: 'tx-1' } })).rejects.toMatchObject({ httpStatus: 500 });
    expect(sleeps).toHaveLength(1);
    await expect(send('receipt/eu', { recipient: {} })).rejects.toThrow(ValidationError);
    await expect(send('', { recipient: { external_user_id: 'tx-1' } })).rejects.toMatchObject({ message: 'campaign_id must be a string of the campaign api identifier' });
  });

  it('messages.send: validates locally, sends, and retries a 500 only when asked to risk a duplicate', async () => {
    const email = { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Hi {{${first_name}}}', body: 'Sale' };
    const sent = await client().messages.send({ external_user_ids: ['seed-1'], send_id: 'spring', messages: { email } });
    expect(sent).toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: 'spring' });
    const { messages } = await inspect<{ messages: { source: string; content: Record<string, unknown> }[] }>('/_mock/messages?source=messages_send');
    expect(messages.map((m) => m.content['subject'])).toEqual(['Hi Ann']);
    await inject({ status: 500, count: 1, paths: ['/messages/send'] });
    await expect(client().messages.send({ external_user_ids: ['seed-1'], messages: { email } })).rejects.toMatchObject({ httpStatus: 500 });
    expect(sleeps).toEqual([]);
    await inject({ status: 500, count: 1, paths: ['/messages/send'] });
    await expect(client({ retry: { riskDuplicates: true } }).messages.send({ external_user_ids: ['seed-1'], messages: { email } })).resolves.toMatchObject({ message: 'success' });
    expect(sleeps).toHaveLength(1);
    await expect(client().messages.send({ broadcast: true, messages: { email } })).rejects.toMatchObject({ message: 'broadcast requires a segment_id or an audience', response: undefined });
    await expect(client().messages.send({ external_user_ids: ['seed-1'], segment_id: 'nope', messages: { email } })).rejects.toMatchObject({ message: 'Segment does not exist', response: { status: 400 } });
  });

  it('messages.scheduledBroadcasts: a GET with the query, retried after a 500, refused locally without a valid end_time', async () => {
    const braze = client();
    const tomorrow = new Date(FAKE_START_MS + 86_400_000).toISOString();
    const created = await braze.campaigns.schedule.create({ campaign_id: 'order-confirmation', broadcast: true, schedule: { time: tomorrow } });
    await inject({ status: 500, count: 1, paths: ['/messages/scheduled_broadcasts'] });
    const endTime = new Date(FAKE_START_MS + 3 * 86_400_000).toISOString().slice(0, 10);
    const listed = await braze.messages.scheduledBroadcasts({ end_time: endTime });
    expect(listed.scheduled_broadcasts.map((b) => [b.id, b.schedule_id])).toEqual([['order-confirmation', created.schedule_id]]);
    expect(sleeps).toHaveLength(1);
    const journal = await inspect<{ requests: { method: string; path: string; status: number }[] }>('/_mock/requests');
    expect(journal.requests.filter((r) => r.path.startsWith('/messages/scheduled_broadcasts')).map((r) => [r.method, r.status])).toEqual([
      ['GET', 500],
      ['GET', 200],
    ]);
    await expect(braze.messages.scheduledBroadcasts({ end_time: 'soon' })).rejects.toMatchObject({ errors: ['query.end_time: must be an ISO-8601 date or date-time'], response: undefined });
  });

  it('users.exportIds: reads what the server holds, retried after a 500 (a read), refused locally on a bad field name', async () => {
    await inject({ status: 500, count: 1, paths: ['/users/export/ids'] });
    const exported = await client().users.exportIds({ external_ids: ['seed-1', 'ghost'], fields_to_export: ['external_id', 'email', 'first_name'] });
    expect(exported).toEqual({ message: 'success', users: [{ external_id: 'seed-1', first_name: 'Ann', email: 'seed@example.com' }], invalid_user_ids: ['ghost'] });
    expect(sleeps).toHaveLength(1);
    await expect(client().users.exportIds({ external_ids: ['seed-1'], fields_to_export: ['shoe_size' as 'email'] })).rejects.toMatchObject({ errors: ['fields_to_export[0]: unknown field'], response: undefined });
    // Whether fields_to_export is required is the workspace's setting: the server answers.
    await expect(client().users.exportIds({ external_ids: ['seed-1'] })).rejects.toMatchObject({ message: 'fields_to_export is required', response: { status: 400 } });
  });

  it('create-and-send: 120 new users are created, segmented on their inline attributes and sent to', async () => {
    const recipients = Array.from({ length: 120 }, (_v, i) => ({ external_user_id: `new-${i}`, attributes: { email: `n${i}@example.com`, gender: 'F' as const, first_name: `N${i}` } }));
    const result = await client().createAndSend({ campaign_id: 'order-confirmation', trigger_properties: { order_id: 'A-17' }, recipients });

    expect(result.failures).toEqual([]);
    expect(result.dispatches.map((d) => d.recipients.length)).toEqual([50, 50, 20]);
    for (const dispatch of result.dispatches) {
      const view = await inspect<DispatchView>(`/_mock/dispatches/${dispatch.dispatch_id}`);
      expect(view.recipients.map((r) => r.identifier.external_user_id)).toEqual(dispatch.recipients.map((r) => r.external_user_id));
      expect(view.recipients.every((r) => r.outcome === 'sent' && r.created)).toBe(true);
    }
    const { messages } = await inspect<{ messages: { content: Record<string, string> }[] }>('/_mock/messages?campaign_id=order-confirmation&limit=1000');
    expect(messages).toHaveLength(120);
    expect(messages[0]?.content).toMatchObject({ subject: 'Order A-17', body: 'Hi N0' });
    await expect(inspect('/_mock/users/new-119')).resolves.toMatchObject({ attributes: { gender: 'F', email: 'n119@example.com' } });
  });

  it('update-and-send: an existing user is updated before segmentation; a missing one is skipped', async () => {
    const result = await client().updateAndSend({
      campaign_id: 'order-confirmation',
      recipients: [
        { external_user_id: 'seed-1', attributes: { gender: 'F' } },
        { external_user_id: 'nobody', attributes: { gender: 'F' } },
      ],
    });
    const view = await inspect<DispatchView>(`/_mock/dispatches/${result.dispatches[0]?.dispatch_id}`);
    expect(view.recipients.map((r) => [r.outcome, r.reason])).toEqual([
      ['sent', undefined],
      ['skipped', 'user_not_found'],
    ]);
  });

  it('create-and-send to a canvas carries the context', async () => {
    const result = await client().createAndSend({ canvas_id: 'onboarding', context: { step: 2 }, recipients: [{ external_user_id: 'cv-1', attributes: { email: 'cv@example.com' } }] });
    expect(result.failures).toEqual([]);
    const { messages } = await inspect<{ messages: { content: Record<string, string> }[] }>('/_mock/messages?canvas_id=onboarding');
    expect(messages.map((m) => m.content.body)).toEqual(['Step 2']);
  });

  it('users.track and sends.createId round-trip', async () => {
    await expect(client().users.track({ attributes: [{ external_id: 'tracked', first_name: 'Tia' }] })).resolves.toEqual({ message: 'success', attributes_processed: 1 });
    await expect(client().sends.createId({ campaign_id: 'order-confirmation', send_id: 'batch-1' })).resolves.toEqual({ message: 'success', send_id: 'batch-1' });
  });

  it('the legacy body api_key is accepted', async () => {
    await expect(client({ legacyBodyAuth: true }).users.track({ attributes: [{ external_id: 'legacy', first_name: 'L' }] })).resolves.toMatchObject({ message: 'success' });
  });

  it('maps 401 and 403 to typed errors carrying the response', async () => {
    const unknown = await client({ apiKey: 'nope' }).campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AuthError);
    expect(unknown).toMatchObject({ response: { status: 401, body: { message: 'Invalid API key' } } });
    const denied = await client({ apiKey: 'acme-track' }).campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }] }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied).toMatchObject({ permission: 'campaigns.trigger.send', response: { headers: { 'x-ratelimit-limit': expect.any(String) } } });
  });

  it('a server-side 400 (unknown campaign) is a ValidationError with the spec message', async () => {
    await expect(client().campaigns.triggerSend({ campaign_id: 'missing', recipients: [{ external_user_id: 'seed-1' }] })).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'campaign_not_found',
      message: 'Campaign does not exist',
    });
  });

  it('refuses locally exactly what the server refuses', async () => {
    const body = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'a', braze_id: 'b', attributes: { $x: 1 } }], broadcast: 'yes' };
    const local = (await client().campaigns.triggerSend(body as never).catch((e: unknown) => e)) as ValidationError;
    const remote = await fetch(`${server.url}/campaigns/trigger/send`, { method: 'POST', headers: { authorization: 'Bearer acme-all', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(local).toBeInstanceOf(ValidationError);
    expect(remote.status).toBe(400);
    expect(local.toBody()).toEqual(await remote.json());
    const { requests } = await inspect<{ requests: unknown[] }>('/_mock/requests');
    expect(requests).toHaveLength(1);
  });

  // Rev 2: what the server now accepts the client accepts, and what it refuses the client refuses alike.
  it('agrees with the server on Rev 2 bodies: lenient attributes and one-string audiences pass, the combined batch limit does not', async () => {
    const lenient = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1', attributes: { gender: 'F' as const, country: 'Australia', time_zone: 'nowhere', trip: { at: { $time: 'soon' } } } }] };
    await expect(client().campaigns.triggerSend(lenient)).resolves.toMatchObject({ message: 'success' });
    const audience = { campaign_id: 'order-confirmation', broadcast: true, audience: { custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_any_of' as const, value: 'pro' } } };
    await expect(client().campaigns.triggerSend(audience)).resolves.toMatchObject({ message: 'success' });
    const bulk = { attributes: Array.from({ length: 76 }, (_, i) => ({ external_id: `b-${i}`, plan: 'p' })) };
    const local = (await client().users.track(bulk).catch((e: unknown) => e)) as ValidationError;
    const remote = (await client().users.track(bulk, { validate: false }).catch((e: unknown) => e)) as ValidationError;
    expect(local.toBody()).toEqual(remote.toBody());
    expect(local.message).toBe('Max Input Length Exceeded');
    // 75 attributes and 1 event: refused locally by default; a client for a legacy workspace counts per array and sends it
    // (this workspace counts them together, so its server answers 400)
    const mixed = { attributes: bulk.attributes.slice(1), events: [{ external_id: 'b-0', name: 'e', time: '2026-01-01' }] };
    expect(await client().users.track(mixed).catch((e: unknown) => e)).toMatchObject({ message: 'Max Input Length Exceeded' });
    expect(await client({ usersTrackBatch: 'per_array' }).users.track(mixed).catch((e: unknown) => e)).toMatchObject({ message: 'Max Input Length Exceeded', response: { status: 400 } });
    const { requests } = await inspect<{ requests: { status: number }[] }>('/_mock/requests');
    expect(requests.map((r) => r.status)).toEqual([201, 201, 400, 400]);
  });

  // Spec 5, Rev 2: an exhausted audience says nothing about another one, so the client does not wait for it.
  it('tracks broadcast windows per unique audience: a spent audience waits, another goes at once', async () => {
    const tight = client({ apiKey: 'tight-all' });
    const to = (value: string) => ({ campaign_id: 'welcome', broadcast: true, audience: { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals' as const, value } } });
    await expect(tight.campaigns.triggerSend(to('pro'))).resolves.toMatchObject({ message: 'success' });
    await expect(tight.campaigns.triggerSend(to('free'))).resolves.toMatchObject({ message: 'success' });
    expect(sleeps).toEqual([]);
    await expect(tight.campaigns.triggerSend(to('pro'))).resolves.toMatchObject({ message: 'success' });
    expect(sleeps).toHaveLength(1);
    expect(tight.rateLimits()).not.toHaveProperty('broadcast');
  });

  it('retries injected 503s and succeeds; the journal shows each attempt', async () => {
    await inject({ status: 503, count: 2 });
    await expect(client().users.track({ attributes: [{ external_id: 'f', first_name: 'F' }] })).resolves.toMatchObject({ message: 'success' });
    const { requests } = await inspect<{ requests: { status: number }[] }>('/_mock/requests');
    expect(requests.map((r) => r.status)).toEqual([503, 503, 201]);
    expect(sleeps).toEqual([125, 250]);
  });

  it('waits the injected 429 Retry-After, then succeeds', async () => {
    await inject({ status: 429, count: 1 });
    await expect(client().campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }] })).resolves.toMatchObject({ message: 'success' });
    expect(sleeps).toEqual([1_000]);
  });

  it('does not retry a dropped connection (the request may have been processed)', async () => {
    await inject({ drop_connection: true, count: 1 });
    const error = await client().campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'seed-1' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).beforeSend).toBe(false);
    const { requests } = await inspect<{ requests: unknown[] }>('/_mock/requests');
    expect(requests).toHaveLength(1);
  });

  it('stops at a spent rate-limit window without sending into a certain 429', async () => {
    const tight = client({ apiKey: 'tight-all' });
    const send = () => tight.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    await send();
    await send();
    expect(tight.rateLimits().trigger).toMatchObject({ limit: 2, remaining: 0, resetAt: new Date(FAKE_START_MS + 3_600_000) });
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt).toEqual(new Date(FAKE_START_MS + 3_600_000));
    const { requests } = await inspect<{ requests: unknown[] }>('/_mock/requests', 'tight-all');
    expect(requests).toHaveLength(2);
  });
});
