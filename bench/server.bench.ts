/**
 * The server benchmark of issue 13: the same create-and-send request (50 new recipients with
 * inline attributes, a segment on one of them, an email rendered with trigger properties) against
 * bare node:http, WireMock's static stub, Prism mocking our OpenAPI and the mock server on every
 * adapter and store, in one run. Each server is a fresh process pinned to one core, the load
 * generator (autocannon, this process) to the other; every round starts each server anew, times
 * its start-up, warms it up, checks it did the whole job, then measures.
 *
 * Run: pnpm bench (everything), or alone:
 *   pnpm --filter @triggerkit/bench exec tsx server.bench.ts [--rounds 2] [--duration 10] [--warmup 3] [--only bare,triggerkit-express-memory] [--out FILE]
 * A full run writes bench/results/latest.json and the table in docs/performance.md; a partial one
 * (`--only`) writes only `--out`, if given.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { allContenders, javaVersion, missingTool, type Contender } from './server/contenders.ts';
import { CONNECTIONS, runLoad } from './server/load.ts';
import { markdownTable, summarize, writeBetweenMarkers, type ContenderResult, type RoundResult } from './server/report.ts';
import { bodyBytes, bodySource, mockServerConfig, RECIPIENTS_PER_REQUEST } from './server/request-body.ts';
import { freePort, pinLoadGenerator, startServer, type Pinning } from './server/server-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, 'results', 'latest.json');
const DOCS = join(here, '..', 'docs', 'performance.md');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: process.env.BENCH_SERVER_ROUNDS ?? '2' },
    duration: { type: 'string', default: process.env.BENCH_SERVER_DURATION ?? '10' },
    warmup: { type: 'string', default: process.env.BENCH_SERVER_WARMUP ?? '3' },
    only: { type: 'string', default: process.env.BENCH_SERVER_ONLY },
    out: { type: 'string' },
    'server-cpu': { type: 'string', default: '0' },
    'load-cpu': { type: 'string', default: '1' },
  },
});

function positive(name: string, raw: string | undefined, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${raw}`);
  return value;
}

const settings = {
  rounds: positive('rounds', values.rounds),
  durationS: positive('duration', values.duration),
  warmupS: positive('warmup', values.warmup, true),
  connections: CONNECTIONS,
  recipientsPerRequest: RECIPIENTS_PER_REQUEST,
};

/** A tag no earlier run used, so that every request's recipients are new even on a reused --db. */
const runTag = Date.now().toString(36);

async function measureRound(contender: Contender, round: number, pinning: Pinning, configFile: string): Promise<Omit<RoundResult, 'ratioToBaseline'>> {
  const workDir = mkdtempSync(join(tmpdir(), `triggerkit-bench-${contender.id}-`));
  const nextBody = bodySource(`${runTag}${contender.id.length}x${round}-`);
  try {
    const server = await startServer(contender, { port: await freePort(), workDir, configFile }, pinning, nextBody());
    try {
      if (settings.warmupS > 0) await runLoad(server.url, settings.warmupS, nextBody);
      // The check waits behind the requests the warm-up left queued, so measuring starts from an idle server.
      await contender.verify(server.url, nextBody());
      const cpuBefore = server.cpuSeconds();
      const load = await runLoad(server.url, settings.durationS, nextBody);
      const cpuAfter = server.cpuSeconds();
      const serverCpuShare = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / load.durationS;
      // A non-2xx means the server refused the work (a broken body or config): nothing measured.
      // Connection errors are the server's behaviour under load and are reported, not hidden.
      if (load.non2xx > 0) throw new Error(`${contender.id}: ${load.non2xx} non-2xx answers in ${load.ok + load.non2xx} requests`);
      return { round, startupMs: server.startupMs, serverCpuShare, ...load };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function percent(share: number | undefined): string {
  return share === undefined ? '?' : `${Math.round(share * 100)}%`;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const pinning = pinLoadGenerator(positive('server-cpu', values['server-cpu'], true), positive('load-cpu', values['load-cpu'], true), cores);
  const only = values.only?.split(',').map((id) => id.trim());
  const contenders = allContenders().filter((contender) => only === undefined || only.includes(contender.id) || contender.baseline);
  const configDir = mkdtempSync(join(tmpdir(), 'triggerkit-bench-config-'));
  const configFile = join(configDir, 'mock-server.json');
  writeFileSync(configFile, JSON.stringify(mockServerConfig()));
  const loadAverageStart = loadavg();
  const results: ContenderResult[] = contenders.map((contender) => ({ id: contender.id, label: contender.label, rounds: [] }));
  log(`server benchmark: ${contenders.length} servers x ${settings.rounds} rounds, ${settings.warmupS} s warm-up + ${settings.durationS} s each, ${CONNECTIONS} connections, ${bodyBytes(runTag)} B bodies${pinning.enabled ? `, server on CPU ${pinning.serverCpu}, load on CPU ${pinning.loadCpu}` : ', NOT pinned (no taskset or one core)'}`);
  try {
    for (let round = 1; round <= settings.rounds; round++) {
      // Alternate the order so that drift in the machine's speed hits every contender alike.
      const order = contenders.map((_, index) => index);
      if (round % 2 === 0) order.reverse();
      const baselineIndex = contenders.findIndex((contender) => contender.baseline);
      const ordered = [baselineIndex, ...order.filter((index) => index !== baselineIndex)];
      let baselineReqPerSec: number | undefined;
      for (const index of ordered) {
        const contender = contenders[index]!;
        const result = results[index]!;
        const missing = missingTool(contender);
        if (missing !== undefined) {
          result.skipped = missing;
          continue;
        }
        const measured = await measureRound(contender, round, pinning, configFile);
        if (contender.baseline) baselineReqPerSec = measured.reqPerSec;
        result.rounds.push({ ...measured, ratioToBaseline: baselineReqPerSec === undefined ? undefined : measured.reqPerSec / baselineReqPerSec });
        log(`  round ${round} ${contender.id.padEnd(32)} ${Math.round(measured.reqPerSec).toString().padStart(6)} req/s  p50 ${measured.p50Ms} ms  p99 ${measured.p99Ms} ms  start-up ${Math.round(measured.startupMs)} ms  cpu server ${percent(measured.serverCpuShare)} load ${percent(measured.loadCpuShare)}${measured.errors > 0 ? `  errors ${JSON.stringify(measured.errorKinds)}` : ''}`);
      }
    }
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  for (const result of results) result.summary = summarize(result.rounds, RECIPIENTS_PER_REQUEST);

  const report = {
    benchmark: 'server create-and-send (issue 13)',
    command: 'pnpm bench (or: pnpm --filter @triggerkit/bench exec tsx server.bench.ts)',
    generatedAt: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || undefined,
    machine: {
      cpu: cpus()[0]?.model,
      cores,
      node: process.version,
      java: javaVersion(),
      loadAverageStart,
      loadAverageEnd: loadavg(),
      pinning,
    },
    settings: { ...settings, bodyBytes: bodyBytes(runTag), loadGenerator: `autocannon ${autocannonVersion()}` },
    results,
  };
  const table = markdownTable(results);
  console.log(`\n${table}\n`);
  if (values.out !== undefined) writeJson(values.out, report);
  if (only === undefined) {
    writeJson(RESULTS, report);
    writeBetweenMarkers(DOCS, `${table}\n\n${runNote(report.machine, report.settings, report.generatedAt, report.commit)}`);
    log(`wrote ${RESULTS} and the table in ${DOCS}`);
  }
}

function runNote(machine: { cpu: string | undefined; cores: number; node: string; loadAverageStart: number[]; pinning: Pinning }, s: typeof settings & { bodyBytes: number; loadGenerator: string }, at: string, commit: string | undefined): string {
  const load = machine.loadAverageStart.map((value) => value.toFixed(2)).join(', ');
  return (
    `Medians of ${s.rounds} rounds (the spread of the rounds in parentheses), ${s.warmupS} s warm-up and ${s.durationS} s measured per server and round, ` +
    `${s.connections} connections, ${s.bodyBytes} B bodies of ${s.recipientsPerRequest} new recipients; ${s.loadGenerator}; ` +
    `${machine.pinning.enabled ? `server on CPU ${machine.pinning.serverCpu}, load generator on CPU ${machine.pinning.loadCpu}` : 'not pinned'}; ` +
    `${machine.cpu ?? 'unknown CPU'}, ${machine.cores} cores, Node ${machine.node}, load average ${load} at the start; ${at}${commit ? `, commit ${commit}` : ''}.`
  );
}

function autocannonVersion(): string {
  return (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

await main();
