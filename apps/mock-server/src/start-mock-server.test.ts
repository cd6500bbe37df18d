import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServerConfigInput } from '@triggerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MockServerStartError, startMockServer, type MockServer } from './index.ts';

const KEY = 'suite-key';
const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'suite',
      api_keys: [{ key: KEY, permissions: ['campaigns.trigger.send', 'mock.inspect'] }],
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }],
    },
  ],
};

const started: MockServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startMockServer>): Promise<MockServer> {
  const server = await startMockServer(...args);
  started.push(server);
  return server;
}

async function trigger(url: string): Promise<{ status: number; json: { dispatch_id?: string; message?: string } }> {
  const response = await fetch(`${url}/campaigns/trigger/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] }),
  });
  return { status: response.status, json: (await response.json()) as { dispatch_id?: string; message?: string } };
}

async function messagesOf(url: string): Promise<{ dispatch_id: string; content: Record<string, string> }[]> {
  const response = await fetch(`${url}/_mock/messages`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: { dispatch_id: string; content: Record<string, string> }[] }).messages;
}

/** Resolves true when something else can listen on the port again. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('startMockServer', () => {
  it('serves an inline configuration on a free port of 127.0.0.1: a trigger sent over HTTP is in /_mock/messages, and close() frees the port', async () => {
    const server = await startMockServer({ config });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      expect(server).toMatchObject({ host: '127.0.0.1', adapter: 'express', inboxUrl: `${server.url}/_mock/ui`, demoKeys: [] });
      expect(await portIsFree(server.port)).toBe(false);

      const sent = await trigger(server.url);
      expect(sent).toEqual({ status: 201, json: { dispatch_id: expect.any(String), message: 'success' } });
      expect(await messagesOf(server.url)).toEqual([expect.objectContaining({ dispatch_id: sent.json.dispatch_id, content: expect.objectContaining({ subject: 'Hi', body: 'Hello Ann' }) })]);
    } finally {
      await server.close();
    }
    expect(await portIsFree(server.port)).toBe(true);
    await expect(fetch(`${server.url}/_mock/health`)).rejects.toThrow();
  });

  it('runs two servers at once, each on its own port with its own state', async () => {
    const [first, second] = await Promise.all([start({ config }), start({ config, adapter: 'fastify' })]);
    if (first === undefined || second === undefined) throw new Error('two servers expected');
    expect(first.port).not.toBe(second.port);
    expect((await trigger(first.url)).status).toBe(201);
    expect(await messagesOf(first.url)).toHaveLength(1);
    expect(await messagesOf(second.url)).toEqual([]);
    await first.close();
    expect((await fetch(`${second.url}/_mock/health`)).status).toBe(200);
  });

  it('has an idempotent close(): a second call, at once or later, resolves with the first', async () => {
    const server = await startMockServer({ config });
    const first = server.close();
    const again = server.close();
    expect(again).toBe(first);
    await Promise.all([first, again]);
    await expect(server.close()).resolves.toBeUndefined();
    expect(await portIsFree(server.port)).toBe(true);
  });

  it('without a configuration starts the demo workspace and hands out its key', async () => {
    const server = await start();
    expect(server.demoKeys).toEqual(['demo-key']);
    const response = await fetch(`${server.url}/_mock/messages`, { headers: { authorization: 'Bearer demo-key' } });
    expect(response.status).toBe(200);
  });

  it('reads a configuration file, and serves it on the adapter asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triggerkit-start-'));
    try {
      const file = join(dir, 'mock.json');
      writeFileSync(file, JSON.stringify(config));
      const server = await start({ config: file, adapter: 'nestjs' });
      expect(server.adapter).toBe('nestjs');
      expect((await trigger(server.url)).status).toBe(201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid configuration with every problem by path, as the bin reports them', async () => {
    const invalid = { workspaces: [{ name: 'w', api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send'] }], campaings: [] }] } as unknown as MockServerConfigInput;
    const error: unknown = await startMockServer({ config: invalid }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MockServerStartError);
    expect((error as MockServerStartError).problems).toEqual(["workspaces[0].campaings: unknown field; did you mean 'campaigns'?"]);
    expect((error as MockServerStartError).message).toBe("invalid configuration (inline configuration):\n  - workspaces[0].campaings: unknown field; did you mean 'campaigns'?");
  });

  it('rejects a port in use, saying so, and leaves nothing open', async () => {
    const server = await start({ config });
    await expect(startMockServer({ config, port: server.port })).rejects.toThrow(
      `cannot start: port ${server.port} is in use on 127.0.0.1 (EADDRINUSE); pass --port N (--port 0 picks a free one) or stop the other process`,
    );
  });
});
