import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, requestIdOf, withRequestLog } from './logger.ts';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(stream, 'info') };
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('withRequestLog', () => {
  it('logs one line per request with id, method, path, status and duration', async () => {
    const { lines, logger } = captured();
    const url = await serve(
      withRequestLog(logger, (_req, res) => {
        res.statusCode = 201;
        res.end('{}');
      }),
    );
    const response = await fetch(`${url}/campaigns/trigger/send?api_key=secret-in-query`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret-key' },
      body: JSON.stringify({ api_key: 'secret-body-key' }),
    });
    await response.text();
    await expect.poll(() => lines.length).toBe(1);
    const [line] = lines;
    expect(line).toMatchObject({ msg: 'request', method: 'POST', path: '/campaigns/trigger/send', status: 201 });
    expect(line?.req_id).toBe(response.headers.get('x-request-id'));
    expect(typeof line?.duration_ms).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('gives each request its own id', async () => {
    const { lines, logger } = captured();
    const url = await serve(withRequestLog(logger, (_req, res) => res.end()));
    await Promise.all([fetch(url).then((r) => r.text()), fetch(url).then((r) => r.text())]);
    await expect.poll(() => lines.length).toBe(2);
    expect(new Set(lines.map((line) => line.req_id)).size).toBe(2);
  });
});

describe('errors in log lines', () => {
  it('logs an Error under `error` or `err` with its message and stack, not as {}', () => {
    const { lines, logger } = captured();
    logger.error({ error: new RangeError('boom') }, 'triggerkit: unexpected error serving a request');
    logger.error({ err: new Error('bang') }, 'server error');
    expect(lines[0]?.error).toMatchObject({ type: 'RangeError', message: 'boom', stack: expect.stringContaining('RangeError: boom') });
    expect(lines[1]?.err).toMatchObject({ type: 'Error', message: 'bang', stack: expect.stringContaining('bang') });
  });
});

describe('redaction', () => {
  it('censors authorization and api_key wherever a log call puts them', () => {
    const { lines, logger } = captured();
    logger.info({ authorization: 'Bearer a', api_key: 'b', req: { headers: { authorization: 'Bearer c' }, body: { api_key: 'd' } } }, 'x');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/Bearer|"b"|"d"/);
    expect(lines[0]).toMatchObject({ authorization: '[redacted]', api_key: '[redacted]' });
  });
});

describe('requestIdOf', () => {
  const request = (id: string | undefined) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;

  it("keeps a caller's plain x-request-id", () => {
    expect(requestIdOf(request('abc-123.x:y'))).toBe('abc-123.x:y');
  });

  it.each([['has space'], ['<script>'], ['x'.repeat(129)], ['']])('replaces %j with a fresh id', (given) => {
    expect(requestIdOf(request(given))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
