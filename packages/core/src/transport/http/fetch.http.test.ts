import { describe, expect, it } from 'vitest';
import { recordingHandler } from '../../testing/recording-handler';
import { toFetchHandler } from './fetch.http';
import { jsonResponse } from './json-response.http';

const ok = jsonResponse(200, { ok: true }, { 'x-ratelimit-remaining': '9' });

describe('toFetchHandler', () => {
  it('hands the core handler method, path below the base, query, lower-case headers and the body bytes', async () => {
    const core = recordingHandler(ok);
    const serve = toFetchHandler(core.handler, { basePath: '/braze/' });
    await serve(new Request('http://127.0.0.1/braze/_mock/users/a%2Fb?x=1&x=2', { headers: { 'X-Custom': 'v' } }));
    await serve(new Request('http://127.0.0.1/braze/users/track', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"attributes":  []}' }));
    await serve(new Request('http://127.0.0.1/braze'));
    expect(core.seen[0]).toEqual({ method: 'GET', path: '/_mock/users/a%2Fb', query: { x: ['1', '2'] }, headers: { 'x-custom': 'v' } });
    expect(core.seen[1]).toMatchObject({ method: 'POST', path: '/users/track', headers: { 'content-type': 'application/json' } });
    expect(new TextDecoder().decode(core.seen[1]?.rawBody as Uint8Array)).toBe('{"attributes":  []}');
    expect(core.seen[2]?.path).toBe('/');
  });

  it('leaves a path outside the base as it is, and owns every path without one', async () => {
    const core = recordingHandler(ok);
    await toFetchHandler(core.handler, { basePath: '/braze' })(new Request('http://127.0.0.1/brazen/users/track'));
    await toFetchHandler(core.handler)(new Request('http://127.0.0.1/users/track'));
    expect(core.seen.map((request) => request.path)).toEqual(['/brazen/users/track', '/users/track']);
  });

  it('answers exactly what the core handler answers: status, headers, body text', async () => {
    const response = await toFetchHandler(recordingHandler(ok).handler)(new Request('http://127.0.0.1/x'));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({ 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '9' });
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('stops reading at the limit, cancels the stream, and marks the body too large', async () => {
    const core = recordingHandler(jsonResponse(413, { message: 'Payload Too Large' }));
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://127.0.0.1/users/track', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    const response = await toFetchHandler(core.handler, { bodyLimit: 4096 })(request);
    expect(response.status).toBe(413);
    expect(core.seen[0]).toMatchObject({ bodyTooLarge: true });
    expect(core.seen[0]?.rawBody).toBeUndefined();
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('does not read a body the core refuses by its media type alone (415)', async () => {
    const core = recordingHandler(jsonResponse(415, { message: 'Unsupported Media Type' }));
    const response = await toFetchHandler(core.handler)(new Request('http://127.0.0.1/users/track', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"attributes":[]}' }));
    expect(response.status).toBe(415);
    expect(core.seen[0]?.rawBody).toBeUndefined();
    expect(core.seen[0]?.headers['content-type']).toBe('text/plain');
  });

  it('turns a dropped connection into a response whose body fails', async () => {
    const response = await toFetchHandler(async () => ({ ...jsonResponse(502, {}), dropConnection: true }))(new Request('http://127.0.0.1/x'));
    await expect(response.text()).rejects.toThrow();
  });
});
