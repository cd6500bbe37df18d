import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, runBin, startBin, type RunningBin } from './bin.helper.ts';

beforeAll(requireBuiltBin);

/** fetch cannot set Host; node:http can, which is what a rebinding browser's request looks like. */
function withHost(url: string, host: string, path: string, method = 'GET', body?: string): Promise<{ status: number; type: string | undefined; json: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, authorization: `Bearer ${DEMO_KEY}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], json: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(['express', 'fastify'] as const)('Host checks on the bin (%s)', (adapter) => {
  let bin: RunningBin;
  beforeAll(async () => {
    bin = await startBin(['--adapter', adapter, '--port', '0', '--allowed-host', 'mock.internal']);
  });
  afterAll(async () => {
    await bin?.stop('SIGKILL');
  });

  it('refuses a foreign Host with a JSON 403 before anything runs, and serves loopback names, IPs and allowed names', async () => {
    const port = new URL(bin.url).port;
    const trigger = JSON.stringify({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'rebound', send_to_existing_only: false, attributes: { email: 'r@example.com' } }] });
    const refused = await withHost(bin.url, `evil.example:${port}`, '/campaigns/trigger/send', 'POST', trigger);
    expect(refused).toEqual({
      status: 403,
      type: 'application/json; charset=utf-8',
      json: { message: `Host not allowed: evil.example:${port}. Requests must name this server by a loopback name or an IP address; start it with --allowed-host evil.example to serve this name too` },
    });
    expect((await withHost(bin.url, `evil.example:${port}`, '/_mock/messages')).status).toBe(403);
    expect((await call(bin.url, 'GET', '/_mock/users/rebound', DEMO_KEY)).status).toBe(404);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `mock.internal:${port}`, 'app.localhost']) {
      expect((await withHost(bin.url, host, '/_mock/health')).status, host).toBe(200);
    }
  });
});

describe('binding beyond loopback', () => {
  it('refuses to start with the demo key unless --expose-demo-key, and exits 2 without listening', async () => {
    const result = await runBin(['--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to listen on 0.0.0.0 with the demo workspace');
    expect(result.stdout).not.toContain('listening on');
  });
});
