/**
 * Profiles the mock server under the server benchmark's load, per adapter and store: a CPU
 * profile (`--cpu-prof`), GC pauses by kind, and in a second run sampled allocations and a heap
 * snapshot of what is retained after the load. Prints a markdown summary (self time per function
 * and area, GC share, allocation sites, retained constructors) and writes it with the raw
 * profiles to `.artifacts/profiles/<adapter>-<store>/` (open the .cpuprofile in Chrome DevTools).
 *
 * Run (after pnpm build): pnpm --filter @triggerkit/bench exec tsx server-profile.ts [--adapter express,nestjs] [--store memory,sqlite] [--duration 15]
 */
import { mkdirSync, rmSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { MOCK_SERVER_CLI, mockServerAdapters, type Contender } from './server/contenders.ts';
import { runLoad, type LoadResult } from './server/load.ts';
import { bodySource, mockServerConfig } from './server/request-body.ts';
import { freePort, pinLoadGenerator, startServer, type Pinning } from './server/server-process.ts';
import { profileFile, readJson, summarizeAllocations, summarizeCpuProfile, summarizeSnapshot, type Share } from './profile/analyze.ts';

const here = dirname(fileURLToPath(import.meta.url));
const HOOK = join(here, 'profile', 'profile-hook.mjs');
const OUT = resolve(here, '..', '.artifacts', 'profiles');

const { values } = parseArgs({
  options: {
    adapter: { type: 'string' },
    store: { type: 'string', default: 'memory,sqlite' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
  },
});

interface GcTally {
  wallMs: number;
  cpuMs: number;
  minorMs: number;
  majorMs: number;
  incrementalMs: number;
  weakMs: number;
  count: number;
  rss: number;
}

function profiled(adapter: string, store: string, dir: string, alloc: boolean): Contender {
  return {
    id: `${adapter}-${store}`,
    label: `${adapter}, ${store}`,
    command: ({ port, configFile, workDir }) => ({
      file: process.execPath,
      args: [
        ...(alloc ? [] : ['--cpu-prof', '--cpu-prof-dir', dir]),
        '--import',
        HOOK,
        MOCK_SERVER_CLI,
        '--config',
        configFile,
        '--port',
        String(port),
        '--adapter',
        adapter,
        ...(store === 'sqlite' ? ['--db', join(workDir, 'profile.db')] : []),
      ],
    }),
    readiness: 'health',
    verify: async () => undefined,
  };
}

async function profileRun(adapter: string, store: string, dir: string, alloc: boolean, pinning: Pinning, configFile: string): Promise<LoadResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'triggerkit-profile-'));
  process.env.PROFILE_DIR = dir;
  process.env.PROFILE_ALLOC = alloc ? '1' : '0';
  const nextBody = bodySource(`${Date.now().toString(36)}p-`);
  const server = await startServer(profiled(adapter, store, dir, alloc), { port: await freePort(), workDir, configFile }, pinning, nextBody());
  try {
    await runLoad(server.url, Number(values.warmup), nextBody);
    const load = await runLoad(server.url, Number(values.duration), nextBody);
    if (alloc) await snapshotNow(server.pid, dir);
    return load;
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function snapshotNow(pid: number | undefined, dir: string): Promise<void> {
  if (pid === undefined) return;
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 120_000 && !existsSync(join(dir, 'snapshot.done')); waited += 100) await delay(100);
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function table(title: string, rows: readonly Share[], unit: (amount: number) => string): string {
  return [`| ${title} | share | amount |`, '| --- | ---: | ---: |', ...rows.map((row) => `| \`${row.name.replaceAll('|', '\\|')}\` | ${percent(row.share)} | ${unit(row.amount)} |`)].join('\n');
}

function summary(adapter: string, store: string, cpuDir: string, allocDir: string, cpuLoad: LoadResult): string {
  const cpuFile = profileFile(cpuDir, '.cpuprofile');
  const gc = readJson<GcTally>(join(cpuDir, 'gc.json'));
  const parts = [`### ${adapter}, ${store}`, '', `${Math.round(cpuLoad.reqPerSec)} req/s under the profiler (p99 ${cpuLoad.p99Ms} ms).`];
  if (cpuFile !== undefined) {
    const cpu = summarizeCpuProfile(cpuFile);
    const gcPauseMs = gc.minorMs + gc.majorMs + gc.incrementalMs + gc.weakMs;
    parts.push(
      '',
      `CPU profile: ${Math.round(cpu.totalMs)} ms sampled, idle ${percent(cpu.idleShare)}; garbage collector ${percent(cpu.gcShare)} of busy samples. ` +
        `GC pauses (perf_hooks): ${Math.round(gcPauseMs)} ms in ${gc.count} pauses = ${percent(gcPauseMs / gc.cpuMs)} of the process's CPU time ` +
        `(scavenge ${Math.round(gc.minorMs)} ms, mark-compact ${Math.round(gc.majorMs)} ms, incremental ${Math.round(gc.incrementalMs)} ms); RSS at exit ${megabytes(gc.rss)}.`,
      '',
      table('self time by area', cpu.areas.slice(0, 12), (ms) => `${Math.round(ms)} ms`),
      '',
      table('self time by function', cpu.functions, (ms) => `${Math.round(ms)} ms`),
    );
  }
  const allocFile = profileFile(allocDir, '.heapprofile');
  if (allocFile !== undefined) {
    const alloc = summarizeAllocations(allocFile);
    parts.push('', `Sampled allocations (collected objects included): ${megabytes(alloc.totalBytes)}.`, '', table('allocated by area', alloc.areas.slice(0, 10), megabytes), '', table('allocated by function', alloc.functions.slice(0, 15), megabytes));
  }
  const snapshotFile = join(allocDir, 'retained.heapsnapshot');
  if (existsSync(snapshotFile)) {
    const retained = summarizeSnapshot(snapshotFile);
    parts.push('', `Heap snapshot after the load: ${megabytes(retained.totalBytes)} retained.`, '', table('retained by constructor', retained.byConstructor, megabytes));
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const pinning = pinLoadGenerator(0, 1, availableParallelism());
  const adapters = values.adapter?.split(',') ?? mockServerAdapters();
  const stores = values.store.split(',');
  const configDir = mkdtempSync(join(tmpdir(), 'triggerkit-profile-config-'));
  const configFile = join(configDir, 'mock-server.json');
  writeFileSync(configFile, JSON.stringify(mockServerConfig()));
  const sections: string[] = [];
  try {
    for (const adapter of adapters) {
      for (const store of stores) {
        const dir = join(OUT, `${adapter}-${store}`);
        rmSync(dir, { recursive: true, force: true });
        const cpuDir = join(dir, 'cpu');
        const allocDir = join(dir, 'alloc');
        mkdirSync(cpuDir, { recursive: true });
        mkdirSync(allocDir, { recursive: true });
        process.stderr.write(`profiling ${adapter}, ${store} ...\n`);
        const cpuLoad = await profileRun(adapter, store, cpuDir, false, pinning, configFile);
        await profileRun(adapter, store, allocDir, true, pinning, configFile);
        const section = summary(adapter, store, cpuDir, allocDir, cpuLoad);
        writeFileSync(join(dir, 'summary.md'), `${section}\n`);
        sections.push(section);
      }
    }
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  console.log(sections.join('\n\n'));
}

await main();
