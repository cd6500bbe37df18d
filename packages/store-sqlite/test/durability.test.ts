import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const dir = mkdtempSync(join(tmpdir(), 'triggerkit-durability-'));
const childScript = join(dir, 'durability.child.cjs');
const ACKS_BEFORE_KILL = 150;

beforeAll(() => {
  // The child runs the store's TypeScript source, bundled; better-sqlite3 stays external (native addon).
  buildSync({
    entryPoints: [join(here, 'durability.child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['@triggerkit/source'],
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, collects its acks, and SIGKILLs it once `count` writes were acknowledged. */
function writeUntilKilled(file: string, synchronous: 'full' | 'normal', count: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childScript, file, synchronous], {
      cwd: packageRoot,
      env: { ...process.env, NODE_PATH: join(packageRoot, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acked.push(Number(match[1]));
      }
      if (acked.length >= count && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe.each(['full', 'normal'] as const)('durability with synchronous=%s', (synchronous) => {
  it('keeps every acknowledged write after the writer is SIGKILLed mid-stream', { timeout: 60_000 }, async () => {
    const file = join(dir, `kill-${synchronous}.db`);
    const { acked, signal } = await writeUntilKilled(file, synchronous, ACKS_BEFORE_KILL);
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    expect(acked).toEqual(acked.map((_, i) => i));
    const last = acked[acked.length - 1] as number;

    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = createSqliteStore(file, { synchronous });
    try {
      for (const i of acked) {
        const profile = await store.findProfile('ws', { external_id: `u-${i}` });
        expect(profile?.attributes).toEqual({ n: i, email: `user${i}@example.com` });
        expect((await store.findProfile('ws', { user_alias: { alias_name: `alias-${i}`, alias_label: 'durability' } }))?.braze_id).toBe(`b-${i}`);
        expect((await store.listMessages('ws', { dispatch_id: `d-${i}` })).map((m) => m.id)).toEqual([`m-${i}`]);
      }
      const counter = await store.findProfile('ws', { braze_id: 'counter' });
      expect(counter?.attributes['last']).toBeGreaterThanOrEqual(last);
      // At most the one write in flight at the kill may have landed beyond the last ack.
      expect(await store.countProfiles('ws')).toBeLessThanOrEqual(acked.length + 2);
    } finally {
      await store.close();
    }
  });
});
