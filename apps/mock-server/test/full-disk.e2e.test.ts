import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, requireBuiltBin, startBin, tempDir, writeJson, type RunningBin } from './bin.helper.ts';

/**
 * Issue 11: with `--db` on a full disk, every request is answered 503 or is stored — never a 201
 * for a write that is lost, never a 500 after a side effect. The database sits on a small tmpfs
 * (CI and tests run as root on Linux), which a filler file fills up.
 */
const KEY = 'disk-key';
const CONFIG = {
  workspaces: [
    {
      name: 'instant',
      api_keys: [{ key: KEY, permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
      campaigns: [{ id: 'c', channel: 'email', message: { subject: 'Hi {{${first_name}}}', body: '{{api_trigger_properties.${n}}}' } }],
    },
    { name: 'delayed', api_keys: [{ key: 'delayed-key', permissions: ['users.track', 'mock.inspect'] }], users_track_delay_ms: 1_500 },
  ],
};
const PADDING = 'p'.repeat(1_500);

type Kind = 'track' | 'delayed' | 'trigger';

interface Sent {
  kind: Kind;
  n: number;
  status: number;
  dispatchId?: string;
}

let mountDir = '';
let mounted = false;
let bin: RunningBin | undefined;

beforeAll(() => {
  requireBuiltBin();
  mountDir = mkdtempSync(join(tmpdir(), 'triggerkit-full-disk-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountDir], { encoding: 'utf8' });
  if (mount.status !== 0) {
    throw new Error(`the full-disk test mounts a 4 MB tmpfs and needs root on Linux; mount failed (status ${mount.status}): ${mount.stderr || mount.error?.message}`);
  }
  mounted = true;
});

afterAll(async () => {
  await bin?.stop('SIGKILL');
  if (mounted) {
    const unmount = spawnSync('umount', [mountDir], { encoding: 'utf8' });
    if (unmount.status !== 0) throw new Error(`umount ${mountDir} failed: ${unmount.stderr}`);
  }
  if (mountDir) rmdirSync(mountDir);
});

/** Writes a filler file until the filesystem refuses (ENOSPC). */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

async function send(url: string, kind: Kind, n: number): Promise<Sent> {
  if (kind === 'track') {
    const response = await call(url, 'POST', '/users/track', KEY, { attributes: [{ external_id: `track-${n}`, n, padding: PADDING.slice(0, 250) }] });
    return { kind, n, status: response.status };
  }
  if (kind === 'delayed') {
    const response = await call(url, 'POST', '/users/track', 'delayed-key', { attributes: [{ external_id: `delayed-${n}`, n, padding: PADDING.slice(0, 250) }] });
    return { kind, n, status: response.status };
  }
  const response = await call(url, 'POST', '/campaigns/trigger/send', KEY, {
    campaign_id: 'c',
    trigger_properties: { n, padding: PADDING },
    recipients: [{ external_user_id: `trigger-${n}`, send_to_existing_only: false, attributes: { email: `t${n}@example.com`, first_name: `T${n}` } }],
  });
  return { kind, n, status: response.status, ...(response.status === 201 ? { dispatchId: String(response.body.dispatch_id) } : {}) };
}

/** Whether what `sent` wrote is visible now (profile, and for a trigger its message). */
async function stored(url: string, sent: Sent): Promise<boolean> {
  const [workspaceKey, user] = sent.kind === 'delayed' ? ['delayed-key', `delayed-${sent.n}`] : [KEY, `${sent.kind}-${sent.n}`];
  const profile = await call(url, 'GET', `/_mock/users/${user}`, workspaceKey);
  if (profile.status !== 200 || profile.body.attributes === undefined) return false;
  if (sent.kind !== 'trigger') return (profile.body.attributes as Record<string, unknown>)['n'] === sent.n;
  const messages = await call(url, 'GET', `/_mock/messages?external_user_id=${user}`, KEY);
  return (messages.body.messages as unknown[]).length === 1;
}

describe('--db on a full disk', () => {
  it('answers 503 for what it cannot store, and keeps every write it acknowledged across a restart (acknowledged and lost: 0)', { timeout: 180_000 }, async () => {
    const db = join(mountDir, 'mock.db');
    const filler = join(mountDir, 'filler');
    const config = writeJson(tempDir(), 'config.json', CONFIG);
    bin = await startBin(['--config', config, '--port', '0', '--db', db]);
    const url = bin.url;
    const sent: Sent[] = [];
    const kinds: Kind[] = ['track', 'delayed', 'trigger'];
    let n = 0;
    for (let round = 0; round < 3; round++) for (const kind of kinds) sent.push(await send(url, kind, n++));
    expect(sent.every((s) => s.status === 201)).toBe(true);

    fillDisk(filler);
    // A little room again, so that some writes still fit and the next ones do not.
    truncateSync(filler, Math.max(0, statSync(filler).size - 96 * 1024));
    const refused = (kind: Kind) => sent.filter((s) => s.kind === kind && s.status === 503).length;
    // Three at a time (one of each kind), so that they also commit together, in one transaction.
    for (let i = 0; i < 200 && kinds.some((kind) => refused(kind) < 3); i++) {
      sent.push(...(await Promise.all(kinds.map((kind) => send(url, kind, n++)))));
    }

    expect(sent.filter((s) => s.status !== 201 && s.status !== 503)).toEqual([]);
    for (const kind of kinds) expect(refused(kind), `${kind} requests answered 503 on the full disk`).toBeGreaterThanOrEqual(3);
    const afterFill = sent.slice(9);
    expect(afterFill.some((s) => s.status === 201), 'some writes fit in the room left').toBe(true);
    // Reads still work on a full disk.
    expect((await call(url, 'GET', '/_mock/messages?limit=1', KEY)).status).toBe(200);

    // The harshest stop, then room again and a restart on the same file.
    await bin.stop('SIGKILL');
    rmSync(filler);
    bin = await startBin(['--config', config, '--port', '0', '--db', db]);
    const acknowledged = sent.filter((s) => s.status === 201);
    // Delayed writes become visible at their due time (1.5 s after they were accepted), also after the restart.
    const deadline = Date.now() + 30_000;
    let lost = acknowledged;
    while (lost.length > 0 && Date.now() < deadline) {
      const missing: Sent[] = [];
      for (const s of lost) if (!(await stored(bin.url, s))) missing.push(s);
      lost = missing;
      if (lost.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect({ acknowledged: acknowledged.length, lost: lost.map((s) => `${s.kind}-${s.n}`) }).toEqual({ acknowledged: acknowledged.length, lost: [] });
    // Nothing of a refused request was written: no profile, no message.
    for (const s of sent.filter((r) => r.status === 503)) expect(await stored(bin.url, s), `${s.kind}-${s.n} was refused`).toBe(false);
    console.info(`full disk: ${sent.length} requests, ${acknowledged.length} acknowledged, ${sent.length - acknowledged.length} answered 503, acknowledged and lost: ${lost.length}`);
  });
});
