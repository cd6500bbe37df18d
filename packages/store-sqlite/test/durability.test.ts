import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { createEngine, validateMockServerConfig } from '@triggerkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import { DURABILITY_CONFIG } from './durability.config';

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

type Mode = 'store' | 'engine';

/** Starts the writer, collects its acks, and SIGKILLs it once `count` writes were acknowledged. */
function writeUntilKilled(file: string, synchronous: 'full' | 'normal', mode: Mode, count: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childScript, file, synchronous, mode], {
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

async function killedWriter(synchronous: 'full' | 'normal', mode: Mode): Promise<{ file: string; acked: number[] }> {
  const file = join(dir, `kill-${synchronous}-${mode}.db`);
  const { acked, signal } = await writeUntilKilled(file, synchronous, mode, ACKS_BEFORE_KILL);
  expect(signal).toBe('SIGKILL');
  expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
  expect(acked).toEqual(acked.map((_, i) => i));
  const raw = new Database(file);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  return { file, acked };
}

describe.each(['full', 'normal'] as const)('durability with synchronous=%s', (synchronous) => {
  it('keeps every acknowledged unit after the writer is SIGKILLed mid-stream', { timeout: 60_000 }, async () => {
    const { file, acked } = await killedWriter(synchronous, 'store');
    const last = acked[acked.length - 1] as number;
    const store = createSqliteStore(file, { synchronous });
    try {
      for (const i of acked) {
        const profile = await store.findProfile('ws', { external_id: `u-${i}` });
        expect(profile?.attributes).toEqual({ n: i, email: `user${i}@example.com` });
        expect((await store.findProfile('ws', { user_alias: { alias_name: `alias-${i}`, alias_label: 'durability' } }))?.braze_id).toBe(`b-${i}`);
        expect((await store.listMessages('ws', { dispatch_id: `d-${i}`, limit: 10 })).messages.map((m) => m.id)).toEqual([`m-${i}`]);
      }
      const counter = await store.findProfile('ws', { braze_id: 'counter' });
      expect(counter?.attributes['last']).toBeGreaterThanOrEqual(last);
      // At most the one unit in flight at the kill may have landed beyond the last ack, and never in part.
      const count = await store.countProfiles('ws');
      expect(count === acked.length + 1 || count === acked.length + 2).toBe(true);
      if (count === acked.length + 2) expect((await store.listMessages('ws', { dispatch_id: `d-${last + 1}`, limit: 10 })).messages).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged engine request, delayed /users/track writes pending and applied after the restart', { timeout: 60_000 }, async () => {
    const { file, acked } = await killedWriter(synchronous, 'engine');
    const config = validateMockServerConfig(DURABILITY_CONFIG);
    if (!config.ok) throw new Error(config.errors.join('\n'));
    const store = createSqliteStore(file, { synchronous });
    // No timers: the restarted engine applies the pending writes only when told, so they can be seen pending first.
    const engine = createEngine({ config: config.value, store, setTimer: () => undefined, clearTimer: () => undefined });
    try {
      const pending = await store.listDue('delayed', Number.MAX_SAFE_INTEGER, 1_000_000);
      expect(pending.length).toBeGreaterThanOrEqual(acked.length);
      await expect(engine.getUser('delayed', 't-0')).rejects.toMatchObject({ httpStatus: 404 });
      const { writes } = await engine.processDue('delayed', Number.MAX_SAFE_INTEGER);
      expect(writes).toBe(pending.length);
      for (const i of acked) {
        expect((await engine.getUser('delayed', `t-${i}`)).attributes['n']).toBe(i);
        expect((await engine.getUser('instant', `i-${i}`)).attributes['n']).toBe(i);
        expect((await engine.getUser('instant', `u-${i}`)).attributes['phone']).toBe(`+1555${i}`);
        expect((await engine.listMessages('instant', { external_user_id: `u-${i}` })).messages.map((m) => m.content['body'])).toEqual([`Round ${i}`]);
      }
    } finally {
      await engine.close();
    }
  });
});
