import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, type RunningBin } from './bin.helper.ts';

beforeAll(requireBuiltBin);

const ORDER = {
  campaign_id: 'order-confirmation',
  trigger_properties: { order_id: 'o-1001' },
  recipients: [
    { external_user_id: 'zoe', send_to_existing_only: false, attributes: { first_name: 'Zoe', email: 'zoe@example.com' } },
    { external_user_id: 'nobody' },
  ],
};

describe.each(['express', 'nestjs', 'fastify', 'nestjs-fastify'] as const)('the bin with --adapter %s', (adapter) => {
  let bin: RunningBin;

  beforeAll(async () => {
    // debug adds a 'request received' line, which tells the shutdown test its request is inside.
    bin = await startBin(['--adapter', adapter, '--port', '0'], { LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await bin?.stop('SIGKILL');
  });

  it('logs its URL, adapter and the demo key, and answers /_mock/health without a key', async () => {
    const listening = bin.logs().find((line) => line.msg.startsWith('listening on'));
    expect(listening).toMatchObject({ adapter, store: 'memory', demo_keys: [DEMO_KEY] });
    expect(bin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect.poll(() => bin.stderr()).toContain(`demo workspace key (every permission): ${DEMO_KEY}`);
    const health = await call(bin.url, 'GET', '/_mock/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('creates and sends, then shows the rendered message and why the other recipient was skipped', async () => {
    const sent = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, ORDER);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ message: 'success', dispatch_id: expect.any(String) });
    const dispatchId = String(sent.body.dispatch_id);

    const messages = await call(bin.url, 'GET', `/_mock/messages?dispatch_id=${encodeURIComponent(dispatchId)}`, DEMO_KEY);
    expect(messages.status).toBe(200);
    expect(messages.body.messages).toEqual([
      expect.objectContaining({
        campaign_id: 'order-confirmation',
        channel: 'email',
        recipient: expect.objectContaining({ external_user_id: 'zoe' }),
        content: { subject: 'Order o-1001 confirmed', body: expect.stringContaining('Thanks, Zoe!') },
        trigger_properties: { order_id: 'o-1001' },
      }),
    ]);

    const dispatch = await call(bin.url, 'GET', `/_mock/dispatches/${encodeURIComponent(dispatchId)}`, DEMO_KEY);
    expect(dispatch.body.recipients).toEqual([
      expect.objectContaining({ index: 0, outcome: 'sent', created: true }),
      expect.objectContaining({ index: 1, outcome: 'skipped', reason: 'user_not_found', created: false }),
    ]);

    const user = await call(bin.url, 'GET', '/_mock/users/zoe', DEMO_KEY);
    expect(user.body).toMatchObject({ external_id: 'zoe', attributes: { first_name: 'Zoe', email: 'zoe@example.com' } });
  });

  it('keeps Braze errors intact through the framework', async () => {
    const unknown = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, { campaign_id: 'nope', recipients: [{ external_user_id: 'a' }] });
    expect(unknown).toMatchObject({ status: 400, body: { message: 'Campaign does not exist' } });
    const noKey = await call(bin.url, 'GET', '/_mock/messages');
    expect(noKey).toMatchObject({ status: 401, body: { message: 'Invalid API key' } });
    const missing = await call(bin.url, 'GET', '/no/such/route', DEMO_KEY);
    expect(missing).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });

  it('serves the inbox page with its content security policy', async () => {
    const response = await fetch(`${bin.url}/_mock/ui`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('triggerkit inbox');
  });

  it('logs one JSON line per request, never the key', async () => {
    await call(bin.url, 'POST', '/users/track', undefined, { api_key: 'body-secret-key', attributes: [] });
    await call(bin.url, 'GET', '/_mock/messages', 'header-secret-key');
    await expect.poll(() => bin.logs().filter((line) => line.msg === 'request' && line.path === '/_mock/messages').length).toBeGreaterThan(0);
    const requests = bin.logs().filter((line) => line.msg === 'request');
    for (const line of requests) {
      expect(line).toEqual(expect.objectContaining({ req_id: expect.any(String), method: expect.any(String), path: expect.any(String), status: expect.any(Number), duration_ms: expect.any(Number) }));
    }
    expect(requests.find((line) => line.path === '/users/track')).toMatchObject({ method: 'POST', status: 401 });
    expect(bin.stdout()).not.toContain('secret-key');
  });

  it('treats a client that hangs up mid-body as routine: one debug line, no error, nothing processed', async () => {
    const { port } = new URL(bin.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /users/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${DEMO_KEY}\r\nContent-Length: 1000\r\n\r\n{"attributes":[{"external_id":"half`);
        setTimeout(() => socket.destroy(), 100);
      });
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });
    const aborted = () => bin.logs().filter((line) => line.msg === 'request' && line.aborted === true && line.path === '/users/track');
    await expect.poll(() => aborted().length).toBe(1);
    expect(aborted()[0]?.level).toBe(20);
    expect(bin.logs().filter((line) => line.level >= 50)).toEqual([]);
    expect((await call(bin.url, 'GET', '/_mock/users/half', DEMO_KEY)).status).toBe(404);
    expect((await call(bin.url, 'GET', '/_mock/health')).status).toBe(200);
  });

  it('on SIGTERM finishes the request in flight, then exits 0 within 5 s', async () => {
    const fault = await call(bin.url, 'PUT', '/_mock/faults', DEMO_KEY, { latency_ms: 1_000, count: 1, paths: ['/campaigns/trigger/send'] });
    expect(fault.status).toBe(200);
    const received = () => bin.logs().filter((line) => line.msg === 'request received' && line.path === '/campaigns/trigger/send').length;
    const before = received();
    const inFlight = call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, { ...ORDER, recipients: [{ external_user_id: 'zoe' }] });
    // The injected latency holds the request inside the server while the signal arrives.
    await expect.poll(received).toBe(before + 1);
    const started = Date.now();
    const exited = bin.stop('SIGTERM');
    expect((await inFlight).status).toBe(201);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bin.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    await expect(fetch(`${bin.url}/_mock/health`)).rejects.toThrow();
  });
});

describe('PORT and HOST from the environment', () => {
  it('listens where they say when no flag is given', async () => {
    const bin = await startBin([], { PORT: '0', HOST: '127.0.0.1' });
    try {
      expect(bin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bin.url).not.toMatch(/:4010$/);
      expect((await call(bin.url, 'GET', '/_mock/health')).status).toBe(200);
    } finally {
      expect(await bin.stop('SIGINT')).toEqual({ code: 0, signal: null });
    }
  });
});
