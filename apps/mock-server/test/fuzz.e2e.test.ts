import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBin, startBin, tempDir, writeJson, type RunningBin } from './bin.helper.ts';
import { anyRequestArb, CLEAN_POOL, CLEAN_SEED_USERS, FUZZ_CONFIG, KEYS, OVERSIZED_BYTES, rejectedRequestArb } from './fuzz.arbitraries.ts';
import { jsonRequest, KeepAlivePool, parseJson, type RawOutcome, type RawRequest } from './keep-alive.helper.ts';

/**
 * Issue 11, item 8: the real bin under fuzzed HTTP (real sockets on 127.0.0.1, keep-alive, several
 * requests in flight). Invariants, for every request: no 5xx, no dropped connection, every 4xx a
 * JSON body with a string `message`; the process stays up; and requests refused as a whole leave
 * no trace (the `clean` workspace keeps exactly its seed profiles and no messages).
 *
 * Short form (CI): 20,000 requests. Longer: FUZZ_REQUESTS=200000 (FUZZ_SEED=n to replay a run,
 * FUZZ_ADAPTER=fastify|nestjs|nestjs-fastify for another host; express by default).
 */
const TOTAL = positiveInt('FUZZ_REQUESTS', 20_000);
const SEED = process.env.FUZZ_SEED ? positiveInt('FUZZ_SEED', 1) : Math.floor(Math.random() * 2 ** 31);
const ADAPTER = process.env.FUZZ_ADAPTER ?? 'express';
const BATCH = 100;
const CONCURRENCY = 16;
const BATCHES = Math.ceil(TOTAL / BATCH);
/** The short form must finish in well under 90 s on 2 cores; a longer one gets time in proportion. */
const TIME_LIMIT_MS = Math.max(85_000, TOTAL * 4);

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got '${raw}')`);
  return value;
}

const EARLY_CLOSE_CODES = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

function bodyBytes(request: RawRequest): number {
  return request.body === undefined ? 0 : Buffer.byteLength(request.body);
}

const JSON_MEDIA_TYPE = /^\s*application\/json\s*(;|$)/i;

/**
 * A body the server answers without reading: over 4 MB (413), or sent with a content type that is
 * not JSON (415 by the headers alone, spec 2): the server answers at once and closes the
 * connection, so a client still writing a large body may see EPIPE or a reset instead of the answer.
 */
function refusedUnread(request: RawRequest): boolean {
  const bytes = bodyBytes(request);
  if (bytes > OVERSIZED_BYTES - 1) return true;
  const contentType = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return bytes > 0 && (request.method === 'POST' || request.method === 'PUT') && !JSON_MEDIA_TYPE.test(contentType ?? '');
}

interface Stats {
  requests: number;
  /** Bodies the server refused unread (over 4 MB, or not JSON) whose connection closed under the client's write (see check). */
  closedUnread: number;
  mixed: number;
  rejected: number;
  serverErrors: number;
  connectionErrors: number;
  statuses: Map<number, number>;
  violations: string[];
}

const stats: Stats = { requests: 0, closedUnread: 0, mixed: 0, rejected: 0, serverErrors: 0, connectionErrors: 0, statuses: new Map(), violations: [] };

function describeRequest(request: RawRequest): string {
  const body = request.body === undefined ? '' : String(request.body);
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  return `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${shown}`;
}

/** Records a broken invariant; the run stops after 25. */
function violation(request: RawRequest, problem: string): void {
  if (stats.violations.length < 25) stats.violations.push(`${problem}\n    request: ${describeRequest(request)}`);
}

/** The invariants of every answer; `mustRefuse` for the requests of the clean workspace. */
function check(request: RawRequest, outcome: RawOutcome, mustRefuse: boolean): void {
  stats.requests += 1;
  if (outcome.kind === 'connection_error') {
    // A body refused unread (see refusedUnread): the server closes the connection, and a client
    // still writing sees EPIPE or a reset. Fair HTTP, counted apart. Any other lost connection
    // breaks the invariant.
    if (refusedUnread(request) && EARLY_CLOSE_CODES.has(outcome.code)) {
      stats.closedUnread += 1;
      return;
    }
    stats.connectionErrors += 1;
    violation(request, `connection error ${outcome.code}: ${outcome.message}`);
    return;
  }
  const { status, text } = outcome;
  stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  if (status >= 500) {
    stats.serverErrors += 1;
    violation(request, `answered ${status}: ${text.slice(0, 300)}`);
    return;
  }
  if (status >= 400 && request.method !== 'HEAD') {
    const body = parseJson(text);
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    if (typeof message !== 'string') violation(request, `answered ${status} without a JSON string message: ${text.slice(0, 300)}`);
  }
  if (mustRefuse && (status < 400 || status >= 500)) violation(request, `should have been refused as a whole but answered ${status}: ${text.slice(0, 300)}`);
}

let bin: RunningBin;
let pool: KeepAlivePool;

async function json(request: RawRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const outcome = await pool.send(request);
  if (outcome.kind !== 'response') throw new Error(`${request.method} ${request.path}: ${outcome.code} ${outcome.message}`);
  return { status: outcome.status, body: (parseJson(outcome.text) ?? {}) as Record<string, unknown> };
}

/** What the clean workspace holds: messages, pool users that exist, and every profile (counted by a broadcast). */
async function cleanState(): Promise<{ messages: number; poolUsers: string[]; profiles: number }> {
  const messages = await json(jsonRequest('GET', '/_mock/messages?limit=1000', KEYS.clean));
  expect(messages.status).toBe(200);
  const users = await Promise.all(CLEAN_POOL.map(async (id) => ({ id, status: (await json(jsonRequest('GET', `/_mock/users/${id}`, KEYS.clean))).status })));
  // A broadcast of an sms campaign without a segment lists every profile (none has a phone, so none gets a message).
  const broadcast = await json(jsonRequest('POST', '/campaigns/trigger/send', KEYS.clean, { campaign_id: 'count', broadcast: true }));
  expect(broadcast.status).toBe(201);
  const dispatch = await json(jsonRequest('GET', `/_mock/dispatches/${String(broadcast.body.dispatch_id)}`, KEYS.clean));
  expect(dispatch.status).toBe(200);
  return {
    messages: (messages.body.messages as unknown[]).length,
    poolUsers: users.filter((user) => user.status !== 404).map((user) => user.id),
    profiles: (dispatch.body.recipients as unknown[]).length,
  };
}

const EMPTY_CLEAN_STATE = { messages: 0, poolUsers: [], profiles: CLEAN_SEED_USERS.length };

beforeAll(async () => {
  requireBuiltBin();
  const config = writeJson(tempDir('triggerkit-fuzz-'), 'fuzz.config.json', FUZZ_CONFIG);
  bin = await startBin(['--config', config, '--port', '0', '--adapter', ADAPTER, '--max-messages', '2000']);
  pool = new KeepAlivePool(bin.url, 8);
});

afterAll(async () => {
  await pool?.close();
  await bin?.stop('SIGKILL');
});

describe(`the bin (--adapter ${ADAPTER}) under ${TOTAL} fuzzed HTTP requests`, () => {
  it(
    'never answers 5xx or drops a connection, answers every 4xx with a JSON message, stays up, and refused requests leave no state',
    async () => {
      const started = Date.now();
      expect(await cleanState()).toEqual(EMPTY_CLEAN_STATE);

      // The two kinds interleave, so refused requests also meet a server busy with everything else.
      // Every third batch goes to the clean workspace, all of it meant to be refused.
      for (let batch = 0; batch < BATCHES && stats.violations.length < 25; batch++) {
        const rejected = batch % 3 === 2;
        const arbitrary = rejected ? rejectedRequestArb : anyRequestArb;
        const requests = fc.sample(arbitrary, { numRuns: BATCH, seed: SEED + batch });
        const outcomes = await pool.sendAll(requests, CONCURRENCY);
        requests.forEach((request, index) => check(request, outcomes[index]!, rejected));
        if (rejected) {
          stats.rejected += requests.length;
          const state = await cleanState();
          if (state.messages !== 0 || state.poolUsers.length > 0 || state.profiles !== CLEAN_SEED_USERS.length) {
            stats.violations.push(`after rejected batch ${batch} (seed ${SEED + batch}) the clean workspace holds ${JSON.stringify(state)}, expected ${JSON.stringify(EMPTY_CLEAN_STATE)}`);
          }
        } else {
          stats.mixed += requests.length;
        }
        if (Date.now() - started > TIME_LIMIT_MS) throw new Error(`the fuzz run is over its time limit (${TIME_LIMIT_MS} ms) after ${stats.requests} requests`);
      }

      const health = await json(jsonRequest('GET', '/_mock/health', undefined));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const statuses = [...stats.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
      const errorLogs = bin.logs().filter((line) => line.level >= 50);
      console.log(
        `fuzz (--adapter ${ADAPTER}, seed ${SEED}): ${stats.requests} requests (${stats.mixed} mixed, ${stats.rejected} refused-only) in ${seconds} s; ` +
          `5xx: ${stats.serverErrors}; connection errors: ${stats.connectionErrors} (and ${stats.closedUnread} bodies refused unread closed under the write); error log lines: ${errorLogs.length}; statuses: ${statuses}`,
      );

      expect(stats.violations, `seed ${SEED} (FUZZ_SEED=${SEED} replays it)`).toEqual([]);
      expect(stats.requests).toBeGreaterThanOrEqual(TOTAL);
      expect(stats.serverErrors).toBe(0);
      expect(health).toEqual({ status: 200, body: { status: 'ok' } });
      expect(bin.child.exitCode).toBeNull();
      expect(bin.child.signalCode).toBeNull();
      expect(errorLogs.map((line) => line.msg)).toEqual([]);
      expect(bin.stderr()).not.toMatch(/heap|RangeError|Maximum call stack/i);
      expect(await cleanState()).toEqual(EMPTY_CLEAN_STATE);
    },
    TIME_LIMIT_MS + 15_000,
  );
});
