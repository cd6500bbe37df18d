import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, requireBuiltBin, runBin, startBin, tempDir, type RunningBin } from './bin.helper.ts';

beforeAll(requireBuiltBin);

const KEY = 'watch-key';

function configWith(title: string, extra: Record<string, unknown> = {}) {
  return {
    workspaces: [
      {
        name: 'acme',
        api_keys: [{ key: KEY, permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
        campaigns: [{ id: 'greet', channel: 'email', message: { subject: title, body: 'Hi {{${first_name}}}' } }],
        ...extra,
      },
    ],
  };
}

/** Writes the file as editors do: the whole text at once. */
function save(file: string, value: unknown): void {
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

async function sentSubject(url: string): Promise<unknown> {
  const sent = await call(url, 'POST', '/campaigns/trigger/send', KEY, {
    campaign_id: 'greet',
    recipients: [{ external_user_id: 'ann', send_to_existing_only: false, attributes: { first_name: 'Ann', email: 'ann@example.com' } }],
  });
  expect(sent.status).toBe(201);
  const messages = await call(url, 'GET', `/_mock/messages?dispatch_id=${encodeURIComponent(String(sent.body.dispatch_id))}`, KEY);
  return (messages.body.messages as Array<{ content: { subject: string } }>)[0]?.content.subject;
}

function logCount(bin: RunningBin, msg: string): number {
  return bin.logs().filter((line) => line.msg === msg).length;
}

const RELOADED = 'configuration reloaded';
const REFUSED = 'configuration not reloaded: the changed file is invalid, the running configuration stays';

let bin: RunningBin | undefined;
afterEach(async () => {
  await bin?.stop('SIGKILL');
  bin = undefined;
});

describe.each(['express', 'nestjs'] as const)('--watch with --adapter %s', (adapter) => {
  it('serves a changed configuration on the same port; an invalid change is logged and the running one stays', async () => {
    const file = join(tempDir(), 'watched.json');
    save(file, configWith('Hello'));
    bin = await startBin(['--config', file, '--watch', '--adapter', adapter, '--port', '0']);
    await expect.poll(() => logCount(bin as RunningBin, 'watching the configuration file')).toBe(1);
    expect(await sentSubject(bin.url)).toBe('Hello');

    save(file, configWith('Bonjour'));
    await expect.poll(() => logCount(bin as RunningBin, RELOADED), { timeout: 10_000 }).toBe(1);
    expect(await sentSubject(bin.url)).toBe('Bonjour');

    save(file, JSON.stringify(configWith('Hola {% if %}', { campaings: [] })));
    await expect.poll(() => logCount(bin as RunningBin, REFUSED), { timeout: 10_000 }).toBe(1);
    const refused = bin.logs().find((line) => line.msg === REFUSED);
    expect(refused?.problems).toEqual(["workspaces[0].campaings: unknown field; did you mean 'campaigns'?"]);
    expect(await sentSubject(bin.url)).toBe('Bonjour');

    save(file, '{"workspaces": [');
    await expect.poll(() => logCount(bin as RunningBin, REFUSED), { timeout: 10_000 }).toBe(2);
    expect(await sentSubject(bin.url)).toBe('Bonjour');

    save(file, configWith('Ciao'));
    await expect.poll(() => logCount(bin as RunningBin, RELOADED), { timeout: 10_000 }).toBe(2);
    expect(await sentSubject(bin.url)).toBe('Ciao');
    expect(bin.child.exitCode).toBeNull();
  });
});

describe('--watch with --db', () => {
  it('keeps the users of the SQLite file across a reload', async () => {
    const dir = tempDir();
    const file = join(dir, 'watched.json');
    save(file, configWith('Hello'));
    bin = await startBin(['--config', file, '--watch', '--db', join(dir, 'mock.db'), '--port', '0']);
    await expect.poll(() => logCount(bin as RunningBin, 'watching the configuration file')).toBe(1);
    const tracked = await call(bin.url, 'POST', '/users/track', KEY, { attributes: [{ external_id: 'bo', first_name: 'Bo' }] });
    expect(tracked.status).toBe(201);

    save(file, configWith('Bonjour'));
    await expect.poll(() => logCount(bin as RunningBin, RELOADED), { timeout: 10_000 }).toBe(1);
    const user = await call(bin.url, 'GET', '/_mock/users/bo', KEY);
    expect(user).toMatchObject({ status: 200, body: { external_id: 'bo', attributes: { first_name: 'Bo' } } });
    expect(await sentSubject(bin.url)).toBe('Bonjour');
  });
});

describe('--watch', () => {
  it('needs --config', async () => {
    const result = await runBin(['--watch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--watch needs --config FILE');
  });
});
