import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTransport, fetchTransport, type Transport } from './http-transport.client';
import { loadUndiciTransport } from './undici-transport.client';

// A real server that answers with a repeated header and mixed-case names, and counts connections.
let server: Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('X-RateLimit-Remaining', '7');
      res.setHeader('x-multi', ['a', 'b']);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echoed: body, contentType: req.headers['content-type'] }));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/campaigns/trigger/send`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function post(transport: Transport, body: string) {
  const response = await transport(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: new AbortController().signal });
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) as unknown };
}

describe.each([
  ['undici request', async () => (await loadUndiciTransport())!],
  ['fetch', async () => fetchTransport((input, init) => fetch(input, init))],
])('%s transport', (_name, make) => {
  it('sends the body and headers; answers with the status, lower-cased headers (repeats joined) and the body text', async () => {
    const answer = await post(await make(), '{"campaign_id":"c"}');
    expect(answer.status).toBe(201);
    expect(answer.headers['x-ratelimit-remaining']).toBe('7');
    expect(answer.headers['x-multi']).toBe('a, b');
    expect(answer.body).toEqual({ echoed: '{"campaign_id":"c"}', contentType: 'application/json' });
  });

  it('keeps the connection alive across requests', async () => {
    const transport = await make();
    await post(transport, '{}');
    const before = connections;
    for (let i = 0; i < 5; i++) await post(transport, '{}');
    expect(connections).toBe(before);
  });
});

describe('the default transport', () => {
  it('is undici on Node', async () => {
    expect(await loadUndiciTransport()).toBeTypeOf('function');
  });

  it('falls back to the platform fetch where the runtime only imitates Node (Bun, Deno)', async () => {
    vi.stubGlobal('Bun', {});
    expect(await loadUndiciTransport()).toBeUndefined();
    const realFetch = globalThis.fetch;
    const platformFetch = vi.fn((input: string | URL | Request, init?: RequestInit) => realFetch(input, init));
    vi.stubGlobal('fetch', platformFetch);
    const answer = await post(defaultTransport(), '{"via":"fetch"}');
    expect(answer.body).toEqual({ echoed: '{"via":"fetch"}', contentType: 'application/json' });
    expect(platformFetch).toHaveBeenCalledOnce();
  });
});
