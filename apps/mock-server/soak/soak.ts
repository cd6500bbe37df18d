import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

/**
 * The soak run (issue 11): the built mock server under create-and-send load for minutes, past its
 * message retention, with the server process's RSS sampled all along. It passes when, once
 * retention is full and the process is warm, RSS stays flat: growth from the warm point to the end
 * below `maxGrowth`. The profiles touched are a fixed pool (profiles are state and are kept), so
 * what would grow without retention is exactly the messages and dispatch records.
 *
 * Used by `pnpm soak` (soak/cli.ts) and, in a short form, by test/soak.e2e.test.ts.
 */

export const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface SoakOptions {
  /** How long the load runs. */
  durationMs: number;
  /** The retention under test: the server's `--max-messages`, and the count after which RSS must stay flat. */
  maxMessages: number;
  /**
   * Passed to the server as `--max-messages` instead of `maxMessages`, to measure a server whose
   * retention is in effect removed (the control run of the short soak test proves it can fail).
   */
  serverMaxMessages?: number;
  /**
   * The warm point: the first sample at least this long after the load started, once at least
   * `warmupMessages` messages were sent (so retention is full and has been cycled through). The V8
   * heap grows to its working size with the volume allocated, not with time: on a busy machine a
   * time-only warm point can fall while the heap is still sizing itself.
   */
  warmupMs: number;
  warmupMessages: number;
  sampleEveryMs: number;
  /** Allowed RSS growth from the warm point to the end, as a fraction (0.15 = 15 %). */
  maxGrowth: number;
  adapter: string;
  /** Requests in flight (over as many keep-alive connections). */
  concurrency: number;
  recipientsPerRequest: number;
  /** Distinct profiles the load creates and then updates. */
  users: number;
  /** Bytes of trigger properties per request, recorded (merged and rendered) with each message. */
  propertiesBytes: number;
  /** Progress lines; silent when undefined. */
  log?: (line: string) => void;
}

export const DEFAULT_SOAK_OPTIONS: Omit<SoakOptions, 'log'> = {
  durationMs: 180_000,
  maxMessages: 2_000,
  warmupMs: 45_000,
  warmupMessages: 50_000,
  sampleEveryMs: 5_000,
  maxGrowth: 0.15,
  adapter: 'express',
  concurrency: 16,
  recipientsPerRequest: 10,
  users: 500,
  propertiesBytes: 1_024,
};

export interface RssSample {
  /** Milliseconds since the load started (negative: before it). */
  atMs: number;
  rssBytes: number;
  /** Messages the server has recorded so far (acknowledged sends), including those retention dropped. */
  messagesSent: number;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  samples: RssSample[];
  /** RSS just before the load. */
  start: RssSample;
  /** The first sample once the messages sent reached `maxMessages`; undefined if they never did. */
  retentionFull: RssSample | undefined;
  /** The baseline for growth: the median of the samples around the warm point. */
  warm: RssSample | undefined;
  /** The median of the last samples. */
  end: RssSample;
  peakRssBytes: number;
  /** (end − warm) / warm; undefined without a warm point. */
  growth: number | undefined;
  requests: number;
  /** Answers other than 201 to the load's trigger sends, and connection errors. */
  failures: number;
  firstFailure: string | undefined;
  /** Messages `GET /_mock/messages` lists at the end: at most `maxMessages` when retention holds. */
  messagesKept: number;
  pass: boolean;
  /** Why it failed, one line each. */
  problems: string[];
}

const KEY = 'soak-key';
const HUGE = { limit: 1_000_000_000, window_seconds: 3_600 };

function soakConfig() {
  return {
    workspaces: [
      {
        name: 'soak',
        api_keys: [{ key: KEY, permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
        rate_limits: { trigger: HUGE, broadcast: HUGE, users_track: HUGE, send_ids: HUGE, broadcast_per_audience: HUGE },
        campaigns: [
          {
            id: 'receipt',
            channel: 'email',
            message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name}}}, {{api_trigger_properties.${note}}}' },
          },
        ],
      },
    ],
  };
}

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  output(): string;
}

/**
 * Starts the built bin on a free port of 127.0.0.1 and resolves once it listens. It logs at its
 * default level (a JSON line per request, as when a developer runs it), read and dropped here.
 */
async function startServer(options: SoakOptions, dir: string): Promise<Server> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the mock server first (pnpm build)`);
  const config = join(dir, 'soak.config.json');
  writeFileSync(config, JSON.stringify(soakConfig()));
  const child = spawn(process.execPath, [BIN, '--config', config, '--port', '0', '--host', '127.0.0.1', '--adapter', options.adapter, '--max-messages', String(options.serverMaxMessages ?? options.maxMessages)], {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '', HOST: '', MAX_MESSAGES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let url: string | undefined;
  const onOutput = (chunk: string) => {
    tail = (tail + chunk).slice(-20_000);
    if (url !== undefined) return;
    const at = tail.indexOf('"msg":"listening on');
    const lineEnd = at < 0 ? -1 : tail.indexOf('\n', at);
    if (lineEnd < 0) return;
    url = String((JSON.parse(tail.slice(tail.lastIndexOf('\n', at) + 1, lineEnd)) as { url?: unknown }).url);
  };
  child.stdout?.setEncoding('utf8').on('data', onOutput);
  child.stderr?.setEncoding('utf8').on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the mock server exited at start:\n${tail}`);
    if (url !== undefined) return { url, child, stop, output: () => tail };
    await sleep(50);
  }
  await stop();
  throw new Error(`the mock server did not listen within 20 s:\n${tail}`);
}

/** Resident set size of a process: /proc on Linux, `ps` elsewhere. */
export function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Runs the soak and reports; rejects only when the server cannot start. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'triggerkit-soak-'));
  const server = await startServer(options, dir);
  const pid = server.child.pid!;
  const pool = new Pool(server.url, { connections: options.concurrency, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const samples: RssSample[] = [];
  let messagesSent = 0;
  let requests = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const note = 'n'.repeat(options.propertiesBytes);

  const post = async (path: string, body: unknown): Promise<{ status: number; text: string }> => {
    const response = await pool.request({ method: 'POST', path, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.statusCode, text: await response.body.text() };
  };

  try {
    await sleep(1_000);
    const startSample: RssSample = { atMs: 0, rssBytes: rssOf(pid), messagesSent: 0 };
    samples.push(startSample);
    log(`server pid ${pid} at ${server.url} (--adapter ${options.adapter} --max-messages ${options.serverMaxMessages ?? options.maxMessages}); RSS at start ${megabytes(startSample.rssBytes)}`);

    const started = Date.now();
    const deadline = started + options.durationMs;
    let sequence = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        const n = sequence++;
        const first = (n * options.recipientsPerRequest) % options.users;
        const recipients = Array.from({ length: options.recipientsPerRequest }, (_, index) => {
          const user = (first + index) % options.users;
          return { external_user_id: `soak-${user}`, send_to_existing_only: false, attributes: { first_name: `User ${user}`, email: `soak-${user}@example.com`, last_order: n } };
        });
        try {
          const answer = await post('/campaigns/trigger/send', { campaign_id: 'receipt', trigger_properties: { order_id: `o-${n}`, note }, recipients });
          requests += 1;
          if (answer.status === 201) messagesSent += recipients.length;
          else {
            failures += 1;
            firstFailure ??= `${answer.status} ${answer.text.slice(0, 200)}`;
          }
        } catch (error) {
          requests += 1;
          failures += 1;
          firstFailure ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    const sampler = (async () => {
      let nextLogAt = 0;
      while (Date.now() < deadline) {
        await sleep(Math.min(options.sampleEveryMs, Math.max(0, deadline - Date.now())));
        const sample: RssSample = { atMs: Date.now() - started, rssBytes: rssOf(pid), messagesSent };
        samples.push(sample);
        if (sample.atMs >= nextLogAt) {
          log(`${(sample.atMs / 1000).toFixed(0).padStart(4)} s  RSS ${megabytes(sample.rssBytes).padStart(9)}  messages sent ${sample.messagesSent}  requests ${requests}`);
          nextLogAt = sample.atMs + Math.max(options.sampleEveryMs, options.durationMs / 30);
        }
      }
    })();
    await Promise.all([...Array.from({ length: options.concurrency }, worker), sampler]);
    const alive = server.child.exitCode === null && server.child.signalCode === null;
    const messagesKept = alive ? await countMessages(pool) : 0;
    return report(options, samples, { requests, failures, firstFailure, messagesKept, alive });
  } finally {
    await pool.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pages through `GET /_mock/messages` (1,000 a page) and counts what is kept. */
async function countMessages(pool: Pool): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const query = `limit=1000${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`;
    const response = await pool.request({ method: 'GET', path: `/_mock/messages?${query}`, headers: { authorization: `Bearer ${KEY}` } });
    const body = (await response.body.json()) as { messages: unknown[]; next_after?: string };
    count += body.messages.length;
    if (body.next_after === undefined) return count;
    after = body.next_after;
  }
  return count;
}

function report(
  options: SoakOptions,
  samples: RssSample[],
  run: { requests: number; failures: number; firstFailure: string | undefined; messagesKept: number; alive: boolean },
): SoakReport {
  const { log: _log, ...plain } = options;
  const start = samples[0]!;
  const retentionFull = samples.find((sample) => sample.messagesSent >= options.maxMessages);
  const warmIndex = retentionFull === undefined ? -1 : samples.findIndex((sample) => sample.atMs >= options.warmupMs && sample.messagesSent >= Math.max(options.warmupMessages, options.maxMessages));
  // Medians of three smooth out a garbage collection that happens to fall on one sample.
  const around = (index: number): RssSample => {
    const window = samples.slice(Math.max(1, index - 1), index + 2);
    return { ...samples[index]!, rssBytes: median(window.map((sample) => sample.rssBytes)) };
  };
  const lastIndex = samples.length - 1;
  const end = { ...samples[lastIndex]!, rssBytes: median(samples.slice(Math.max(1, lastIndex - 2)).map((sample) => sample.rssBytes)) };
  const warm = warmIndex > 0 && warmIndex < lastIndex - 2 ? around(warmIndex) : undefined;
  const growth = warm === undefined ? undefined : (end.rssBytes - warm.rssBytes) / warm.rssBytes;

  const problems: string[] = [];
  if (!run.alive) problems.push('the server process died during the soak');
  if (retentionFull === undefined) problems.push(`retention never became full: ${samples[lastIndex]!.messagesSent} messages sent, --max-messages ${options.maxMessages}`);
  if (warm === undefined && retentionFull !== undefined) problems.push(`no warm point: the run is too short for the warm-up (${options.warmupMs} ms and ${options.warmupMessages} messages sent, then at least three more samples)`);
  if (growth !== undefined && growth >= options.maxGrowth) problems.push(`RSS grew ${(growth * 100).toFixed(1)} % once warm (${megabytes(warm!.rssBytes)} → ${megabytes(end.rssBytes)}), allowed < ${(options.maxGrowth * 100).toFixed(0)} %`);
  if (run.messagesKept > options.maxMessages) problems.push(`GET /_mock/messages lists ${run.messagesKept} messages, more than --max-messages ${options.maxMessages}`);
  if (run.failures > 0) problems.push(`${run.failures} of ${run.requests} trigger sends failed (first: ${run.firstFailure})`);

  return {
    options: plain,
    samples,
    start,
    retentionFull,
    warm,
    end,
    peakRssBytes: Math.max(...samples.map((sample) => sample.rssBytes)),
    growth,
    requests: run.requests,
    failures: run.failures,
    firstFailure: run.firstFailure,
    messagesKept: run.messagesKept,
    pass: problems.length === 0,
    problems,
  };
}

/** The report as the lines `pnpm soak` prints at the end. */
export function summarize(report: SoakReport): string[] {
  const at = (sample: RssSample | undefined) => (sample === undefined ? 'never' : `${megabytes(sample.rssBytes)} at ${(sample.atMs / 1000).toFixed(0)} s (${sample.messagesSent} messages sent)`);
  const seconds = report.options.durationMs / 1000;
  return [
    `soak: ${seconds} s of create-and-send, ${report.requests} requests (${report.options.recipientsPerRequest} recipients each, ${report.options.users} profiles), --max-messages ${report.options.maxMessages}, --adapter ${report.options.adapter}`,
    `  RSS at start:            ${at(report.start)}`,
    `  RSS when retention full: ${at(report.retentionFull)}`,
    `  RSS once warm:           ${at(report.warm)}`,
    `  RSS at the end:          ${at(report.end)}`,
    `  peak RSS:                ${megabytes(report.peakRssBytes)}`,
    `  growth once warm:        ${report.growth === undefined ? 'n/a' : `${(report.growth * 100).toFixed(1)} %`} (allowed < ${(report.options.maxGrowth * 100).toFixed(0)} %)`,
    `  messages kept at the end: ${report.messagesKept}; failed requests: ${report.failures}`,
    report.pass ? 'PASS' : `FAIL\n${report.problems.map((problem) => `  - ${problem}`).join('\n')}`,
  ];
}
