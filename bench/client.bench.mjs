#!/usr/bin/env node
// Recipients per second through create-and-send, triggerkit's client side by side with the
// `braze-api` package doing the same work: first on the identical schedule (same recipients,
// chunks of 50, 4 requests in flight) against a local node:http server on 127.0.0.1 that answers
// 201 at once, then each used its documented way (braze-api one request after the other, ours
// `createAndSend` with its default concurrency) against a server with Braze-like latency. Bounded: a fixed
// recipient count per round and a time budget per contender. The server runs in a worker thread
// so its work does not share the clients' event loop.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Braze } from 'braze-api';
import { TriggerKitClient } from '@triggerkit/core';

const RECIPIENTS_PER_ROUND = Number(process.env.BENCH_RECIPIENTS ?? 2_500);
const MAX_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
/** Per contender; the whole run stops after about three times this. */
const TIME_BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 5_000);
const CHUNK = 50;
const CONCURRENCY = 4;
const API_KEY = 'bench-key';
/**
 * Braze answers a trigger in tens of milliseconds; a local server that answers at once measures
 * only the clients' CPU, where concurrency cannot show. The "documented way" comparison runs
 * against a server that answers after this many milliseconds.
 */
const LATENCY_MS = Number(process.env.BENCH_CLIENT_LATENCY_MS ?? 20);

function serveInThisThread() {
  let dispatches = 0;
  let recipients = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      dispatches += 1;
      recipients += body.recipients.length;
      const answer = () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ dispatch_id: `d-${dispatches}`, message: 'success' }));
      };
      if (workerData.latencyMs > 0) setTimeout(answer, workerData.latencyMs);
      else answer();
    });
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', () => {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ received: recipients }));
  });
}

/** Starts the server in a worker; `close()` stops it and resolves with the recipients it received. */
function startServer(latencyMs = 0) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs } });
  const next = () => new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  return next().then(({ port }) => ({
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const done = next();
      worker.postMessage('close');
      const { received } = await done;
      await worker.terminate();
      return received;
    },
  }));
}

function makeRecipients(round) {
  return Array.from({ length: RECIPIENTS_PER_ROUND }, (_v, i) => ({
    external_user_id: `user-${round}-${i}`,
    attributes: { first_name: `Ann${i}`, email: `user${i}@example.com`, plan: i % 2 === 0 ? 'pro' : 'free' },
    trigger_properties: { order_id: `A-${i}` },
  }));
}

/** Chunks of CHUNK recipients with CONCURRENCY requests in flight, the create-and-send flag set: what a user of a plain client writes. */
async function sendInChunks(recipients, sendChunk) {
  const chunks = [];
  for (let i = 0; i < recipients.length; i += CHUNK) chunks.push(recipients.slice(i, i + CHUNK).map((r) => ({ ...r, send_to_existing_only: false })));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await sendChunk(chunks[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** What a braze-api user writes for the same job, on the same schedule as ours. */
function brazeApiCreateAndSend(braze, campaignId, recipients) {
  return sendInChunks(recipients, (chunk) => braze.campaigns.trigger.send({ campaign_id: campaignId, recipients: chunk }));
}

/** braze-api used as its README shows: one awaited request after the other. */
async function brazeApiOneAtATime(braze, campaignId, recipients) {
  for (let i = 0; i < recipients.length; i += CHUNK) {
    await braze.campaigns.trigger.send({ campaign_id: campaignId, recipients: recipients.slice(i, i + CHUNK).map((r) => ({ ...r, send_to_existing_only: false })) });
  }
}

/**
 * Runs the contenders round-robin (one warm-up round each, not counted) so that drift in the
 * machine's speed hits them all alike; stops at MAX_ROUNDS or the time budget.
 */
async function measureInterleaved(contenders) {
  for (const c of contenders) await c.run(-1);
  const totals = contenders.map((c) => ({ name: c.name, rounds: 0, recipients: 0, ms: 0, perRound: [] }));
  const started = performance.now();
  for (let round = 0; round < MAX_ROUNDS && performance.now() - started < TIME_BUDGET_MS * contenders.length; round++) {
    for (const [i, c] of contenders.entries()) {
      const t0 = performance.now();
      await c.run(round);
      const ms = performance.now() - t0;
      totals[i].ms += ms;
      totals[i].perRound.push(RECIPIENTS_PER_ROUND / (ms / 1000));
      totals[i].rounds += 1;
      totals[i].recipients += RECIPIENTS_PER_ROUND;
    }
  }
  // The median round, not the total: on a shared machine one stalled round would drag a sum.
  return totals.map((t) => ({ ...t, perSecond: median(t.perRound) }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The floor under any fetch-based client: the same requests with bare `fetch`, no validation or retries. */
function bareFetchCreateAndSend(url, recipients) {
  return sendInChunks(recipients, async (chunk) => {
    const response = await fetch(`${url}/campaigns/trigger/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ campaign_id: 'bench', recipients: chunk }),
    });
    if (response.status !== 201) throw new Error(`HTTP ${response.status}`);
    await response.json();
  });
}

const createAndSendWith = (client, options) => async (round) => {
  const { failures } = await client.createAndSend({ campaign_id: 'bench', recipients: makeRecipients(round) }, options);
  if (failures.length > 0) throw failures[0].error;
};

/** Runs `contenders(url)` interleaved against one server answering after `latencyMs`, checks the server got every recipient, prints the table. */
async function compare(title, latencyMs, contenders) {
  const server = await startServer(latencyMs);
  let results;
  let received;
  try {
    results = await measureInterleaved(contenders(server.url));
  } finally {
    received = await server.close();
  }
  // Every contender really did the work: each counted round plus its warm-up round reached the server.
  const expected = results.reduce((sum, r) => sum + r.recipients + RECIPIENTS_PER_ROUND, 0);
  if (received !== expected) throw new Error(`server received ${received} recipients, expected ${expected}`);
  const baseline = results[0];
  const spread = (r) => `${Math.round(Math.min(...r.perRound))}–${Math.round(Math.max(...r.perRound))}`;
  console.log(`\n${title}: ${RECIPIENTS_PER_ROUND} recipients per round, chunks of ${CHUNK}, local server answering ${latencyMs === 0 ? 'at once' : `after ${latencyMs} ms`}\n`);
  console.table(
    results.map((r) => ({
      name: r.name,
      'recipients/s (median round)': Math.round(r.perSecond),
      'rounds min–max': spread(r),
      [`ratio vs ${baseline.name}`]: Number((r.perSecond / baseline.perSecond).toFixed(2)),
      rounds: r.rounds,
    })),
  );
}

async function main() {
  // CONCURRENCY is also TriggerKitClient's default maxConcurrency: the same schedule for both.
  await compare('the identical chunk schedule (4 requests in flight), validation on', 0, (url) => {
    const triggerkit = new TriggerKitClient({ baseUrl: url, apiKey: API_KEY, maxConcurrency: CONCURRENCY });
    const braze = new Braze(url, API_KEY);
    return [
      { name: 'braze-api', run: (round) => brazeApiCreateAndSend(braze, 'bench', makeRecipients(round)) },
      { name: '@triggerkit/core createAndSend', run: createAndSendWith(triggerkit) },
      // braze-api validates nothing: this row shows what the local validation costs.
      { name: '@triggerkit/core createAndSend, validate: false', run: createAndSendWith(triggerkit, { validate: false }) },
      { name: 'bare fetch (reference)', run: (round) => bareFetchCreateAndSend(url, makeRecipients(round)) },
    ];
  });
  await compare('each used its documented way', LATENCY_MS, (url) => {
    const triggerkit = new TriggerKitClient({ baseUrl: url, apiKey: API_KEY });
    const braze = new Braze(url, API_KEY);
    return [
      { name: 'braze-api, one request at a time', run: (round) => brazeApiOneAtATime(braze, 'bench', makeRecipients(round)) },
      { name: '@triggerkit/core createAndSend (default concurrency)', run: createAndSendWith(triggerkit) },
    ];
  });
}

if (isMainThread) await main();
else serveInThisThread();
