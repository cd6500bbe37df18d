import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBin, runBin, tempDir, writeJson } from './bin.helper.ts';

beforeAll(requireBuiltBin);

describe('triggerkit-mock command line', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: triggerkit-mock [--config FILE] [--port N] [--host H] [--adapter express|nestjs|fastify|nestjs-fastify] [--db FILE]');
  });

  it('--help mentions --version', async () => {
    const result = await runBin(['--help']);
    expect(result.stdout).toMatch(/^\s+-v, --version\s+print the version of @triggerkit\/mock-server$/m);
  });

  it('--version prints the version of the package and exits 0', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runBin(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it.each([
    [['--nope'], "Unknown option '--nope'"],
    [['--adapter', 'koa'], '--adapter must be one of express, nestjs, fastify, nestjs-fastify'],
    [['--port', 'http'], '--port must be an integer from 0 to 65535'],
  ])('%j prints the problem and the usage, and exits 2', async (args, problem) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(problem);
    expect(result.stderr).toContain('Usage: triggerkit-mock');
  });
});

describe('an invalid configuration stops the server at start', () => {
  it('lists every problem by path and exits non-zero', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'bad.json', {
      workspaces: [
        { name: 'acme', api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'fly'] }] },
        {
          api_keys: [{ key: 'k2', permissions: [] }],
          campaigns: [
            { id: 'c', status: 'sleeping', channel: 'email', message: { subject: 's', body: 'b' } },
            { id: 'd', status: 'on', channel: 'fax', message: { body: 'b' } },
          ],
        },
      ],
    });
    const result = await runBin(['--config', file, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`invalid configuration (${file})`);
    for (const path of ['workspaces[0].api_keys[0].permissions[1]', 'workspaces[1].name', 'workspaces[1].campaigns[0].status', 'workspaces[1].campaigns[1].channel', 'workspaces[1].campaigns[1].status']) {
      expect(result.stderr).toContain(path);
    }
    expect(result.stdout).not.toContain('listening');
  });

  it('reports a file that is not JSON', async () => {
    const file = join(tempDir(), 'broken.json');
    writeFileSync(file, '{"workspaces": [');
    const result = await runBin(['--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is not valid JSON: line 1, column 17: `);
  });

  it('stops at a Liquid syntax error in a message, naming the field and the error', async () => {
    const campaigns = [{ id: 'order', channel: 'push', message: { title: 'Order {% if %}', body: 'b' } }];
    const file = writeJson(tempDir(), 'liquid.json', { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: [] }], campaigns }] });
    const result = await runBin(['--config', file, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`invalid configuration (${file}):\n  - workspaces[0].campaigns[0].message.title (campaign "order"): `);
    expect(result.stdout).not.toContain('listening');
  });

  it('suggests the field a typo was meant to be', async () => {
    const file = writeJson(tempDir(), 'typo.json', { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: [] }], campaings: [] }] });
    const result = await runBin(['--config', file, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("  - workspaces[0].campaings: unknown field; did you mean 'campaigns'?\n");
  });

  it('reports a file that does not exist', async () => {
    const result = await runBin(['--config', '/nonexistent/triggerkit.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read /nonexistent/triggerkit.json');
  });
});

describe('a port already in use', () => {
  it.each(['express', 'nestjs', 'fastify', 'nestjs-fastify'])('with --adapter %s, exits 1 with a hint and no stack', async (adapter) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runBin(['--adapter', adapter, '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`triggerkit-mock: cannot start: port ${port} is in use on 127.0.0.1 (EADDRINUSE); pass --port N (--port 0 picks a free one) or stop the other process\n`);
    } finally {
      blocker.close();
    }
  });
});
