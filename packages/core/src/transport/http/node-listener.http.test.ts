import { createServer, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpHandler, HttpRequest } from './http.types';
import { jsonResponse } from './json-response.http';
import { listen, type ListeningServer, toNodeListener } from './node-listener.http';

let server: ListeningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const echo: HttpHandler = async (request) => {
  const raw = request.rawBody;
  const body = raw === undefined ? null : typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  return jsonResponse(request.bodyTooLarge ? 413 : 200, { method: request.method, path: request.path, query: request.query, headers: request.headers, body, tooLarge: request.bodyTooLarge ?? false });
};

async function start(handler: HttpHandler, bodyLimit?: number): Promise<ListeningServer> {
  server = await listen(handler, bodyLimit === undefined ? {} : { bodyLimit });
  return server;
}

describe('listen + toNodeListener', () => {
  it('listens on 127.0.0.1 and translates the request', async () => {
    const { url } = await start(echo);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/_mock/messages?campaign_id=c&x=1&x=2`, { method: 'POST', headers: { 'X-Custom': 'v', 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const seen = (await response.json()) as { method: string; path: string; query: unknown; headers: Record<string, string>; body: string };
    expect(seen).toMatchObject({ method: 'POST', path: '/_mock/messages', query: { campaign_id: 'c', x: ['1', '2'] }, body: '{"a":1}' });
    expect(seen.headers['x-custom']).toBe('v');
  });

  it('stops reading past the body limit, still answers, and closes the connection', async () => {
    const { url } = await start(echo, 1024);
    const response = await fetch(`${url}/x`, { method: 'POST', body: 'x'.repeat(64 * 1024) });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(((await response.json()) as { tooLarge: boolean }).tooLarge).toBe(true);
  });

  // Spec 2, Rev 2: a request answered 415 by its headers is never read, so its body costs nothing.
  it.each([
    ['/users/track', 'text/plain'],
    ['/campaigns/trigger/send', undefined],
    ['/_mock/campaigns/c', 'application/x-www-form-urlencoded'],
  ])('does not read the body of a POST to %s with content type %s, and closes the connection after the answer', async (path, contentType) => {
    const { url } = await start(echo, 1024);
    const method = path.startsWith('/_mock') ? 'PUT' : 'POST';
    const response = await fetch(`${url}${path}`, { method, headers: contentType === undefined ? {} : { 'content-type': contentType }, body: new Blob(['x'.repeat(64 * 1024)]) });
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(((await response.json()) as { body: unknown; tooLarge: boolean })).toMatchObject({ body: null, tooLarge: false });
  });

  it('reads a body-less POST /_mock/reset, and JSON bodies with parameters in any case', async () => {
    const { url } = await start(echo);
    const reset = (await (await fetch(`${url}/_mock/reset`, { method: 'POST' })).json()) as { body: unknown };
    expect(reset.body).toBe('');
    const json = (await (await fetch(`${url}/users/track`, { method: 'POST', headers: { 'content-type': 'Application/JSON; Charset=UTF-8' }, body: '{}' })).json()) as { body: unknown };
    expect(json.body).toBe('{}');
  });

  it('destroys the socket when the handler asks to drop the connection', async () => {
    const { url } = await start(async () => ({ ...jsonResponse(502, {}), dropConnection: true }));
    await expect(fetch(`${url}/users/track`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('answers 500 even if a handler breaks its never-reject contract', async () => {
    const { url } = await start(async () => {
      throw new Error('secret detail');
    });
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('passes a body a framework already parsed as parsedBody', async () => {
    let seen: HttpRequest | undefined;
    const handler: HttpHandler = async (request) => {
      seen = request;
      return jsonResponse(200, {});
    };
    const listener = toNodeListener(handler);
    const host = createServer((req, res) => {
      req.resume();
      req.on('end', () => listener(Object.assign(req, { body: { parsed: true } }), res));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const address = host.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/users/track' }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{"ignored":1}');
    });
    await new Promise<void>((resolve) => host.close(() => resolve()));
    expect(seen?.parsedBody).toEqual({ parsed: true });
    expect(seen?.rawBody).toBeUndefined();
  });

  it('closes idempotently', async () => {
    const started = await start(echo);
    await started.close();
    await expect(started.close()).resolves.toBeUndefined();
  });
});
