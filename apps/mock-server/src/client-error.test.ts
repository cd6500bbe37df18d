import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrorsWithJson } from './client-error.ts';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  answerClientErrorsWithJson(server, pino({ level: 'silent' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Writes raw bytes and reads until the server closes the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text)).on('error', reject);
  });
}

function parse(response: string): { status: number; contentType: string | undefined; body: unknown } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [statusLine = '', ...headers] = head.split('\r\n');
  const contentType = headers.find((line) => line.toLowerCase().startsWith('content-type:'))?.slice('content-type:'.length).trim();
  return { status: Number(statusLine.split(' ')[1]), contentType, body: JSON.parse(body) };
}

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a method Node does not know', 'POXRH / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a lower-case method', 'post /users/track HTTP/1.1\r\nHost: x\r\ncontent-length: 2\r\n\r\n{}'],
    ['a malformed header', 'GET / HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\n'],
  ])('answer %s with a JSON 400 and close', async (_, request) => {
    expect(parse(await raw(request))).toEqual({ status: 400, contentType: 'application/json; charset=utf-8', body: { message: 'Bad Request' } });
  });

  it('answer headers over the size limit with a JSON 431', async () => {
    const response = parse(await raw(`GET / HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(response).toEqual({ status: 431, contentType: 'application/json; charset=utf-8', body: { message: 'Request Header Fields Too Large' } });
  });

  it('leave well-formed requests alone', async () => {
    expect(await raw('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\nok$/);
  });
});
