import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { shutDown, watchParent } from './shutdown.ts';

const quietLogger = createLogger(new Writable({ write: (_chunk, _encoding, done) => done() }), 'silent');

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('shutDown', () => {
  it('lets the request in flight finish, then closes, then exits 0', async () => {
    const events: string[] = [];
    const server = createServer((_req, res) => {
      events.push('request started');
      // Recorded on the server's side: when the client reads the body is the event loop's business.
      res.once('finish', () => events.push('response sent'));
      setTimeout(() => res.end('done'), 200);
    });
    const url = await listening(server);
    const response = fetch(url).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exitCode = await new Promise<number>((resolve) => {
      void shutDown({ server, logger: quietLogger, close: async () => void events.push('closed'), exit: resolve });
    });
    expect(await response).toBe('done');
    expect(exitCode).toBe(0);
    expect(events).toEqual(['request started', 'response sent', 'closed']);
    expect(server.listening).toBe(false);
  });

  it('does not wait for idle keep-alive connections', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const url = await listening(server);
    await (await fetch(url, { headers: { connection: 'keep-alive' } })).text();
    const exitCode = await new Promise<number>((resolve) => void shutDown({ server, logger: quietLogger, close: async () => {}, exit: resolve }));
    expect(exitCode).toBe(0);
  });

  it('cuts connections still open after the grace period', async () => {
    const server = createServer(() => {
      // never answers
    });
    const url = await listening(server);
    const hanging = fetch(url).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exitCode = await new Promise<number>((resolve) => void shutDown({ server, logger: quietLogger, close: async () => {}, exit: resolve, graceMs: 100 }));
    expect(exitCode).toBe(0);
    expect(await hanging).toBeInstanceOf(Error);
  });

  it('exits 1 when closing the app or store fails', async () => {
    const server = createServer();
    await listening(server);
    const failing = async () => {
      throw new Error('store is on fire');
    };
    const exitCode = await new Promise<number>((resolve) => void shutDown({ server, logger: quietLogger, close: failing, exit: resolve }));
    expect(exitCode).toBe(1);
  });
});

describe('watchParent', () => {
  function fakeChild(connected: boolean) {
    const listeners: Array<() => void> = [];
    let unrefs = 0;
    const child = {
      channel: { unref: () => void unrefs++ },
      connected,
      once: (event: string, listener: () => void) => {
        if (event === 'disconnect') listeners.push(listener);
        return child;
      },
    };
    return { child: child as unknown as Parameters<typeof watchParent>[1], disconnect: () => listeners.forEach((listener) => listener()), unrefs: () => unrefs };
  }

  it('calls back when the IPC channel to the parent closes, without the channel keeping the process alive', () => {
    const fake = fakeChild(true);
    let gone = 0;
    watchParent(() => void gone++, fake.child);
    expect([gone, fake.unrefs()]).toEqual([0, 1]);
    fake.disconnect();
    expect(gone).toBe(1);
  });

  it('calls back at once when the parent is already gone', async () => {
    const fake = fakeChild(false);
    const gone = new Promise<string>((resolve) => watchParent(() => resolve('gone'), fake.child));
    expect(await gone).toBe('gone');
  });

  it('does nothing without an IPC channel (started from a terminal)', () => {
    let gone = 0;
    watchParent(() => void gone++, { channel: undefined, connected: false, once: () => process } as unknown as Parameters<typeof watchParent>[1]);
    expect(gone).toBe(0);
  });
});
