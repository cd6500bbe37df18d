import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SOAK_OPTIONS, runSoak, summarize, type SoakOptions } from './soak.ts';

const USAGE = `Usage: pnpm soak [--duration SECONDS] [--max-messages N] [--warmup SECONDS] [--warmup-messages N] [--sample-every SECONDS]
                 [--max-growth FRACTION] [--adapter NAME] [--concurrency N] [--json FILE]

Runs the built mock server under create-and-send load past its message retention, samples the
server's RSS, and passes when RSS stays flat once retention is full and the process is warm.

  --duration SECONDS      how long the load runs                       [default ${DEFAULT_SOAK_OPTIONS.durationMs / 1000}]
  --max-messages N        the server's retention (--max-messages)      [default ${DEFAULT_SOAK_OPTIONS.maxMessages}]
  --warmup SECONDS        the warm point: at least this long after the start  [default ${DEFAULT_SOAK_OPTIONS.warmupMs / 1000}, a quarter of a shorter run]
  --warmup-messages N     ... and once this many messages were sent         [default ${DEFAULT_SOAK_OPTIONS.warmupMessages}]
  --sample-every SECONDS  RSS sampling interval                        [default ${DEFAULT_SOAK_OPTIONS.sampleEveryMs / 1000}]
  --max-growth FRACTION   allowed RSS growth from warm to end          [default ${DEFAULT_SOAK_OPTIONS.maxGrowth}]
  --adapter NAME          express, nestjs, fastify or nestjs-fastify   [default ${DEFAULT_SOAK_OPTIONS.adapter}]
  --concurrency N         requests in flight                           [default ${DEFAULT_SOAK_OPTIONS.concurrency}]
  --json FILE             also write the full report (every sample) as JSON

Exit status 0 on PASS, 1 on FAIL, 2 on bad arguments.`;

function fail(problem: string): never {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}

/** A positive number flag; `scale` turns seconds into milliseconds (rounded). */
function positive(name: string, raw: string | undefined, fallback: number, scale = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number (got '${raw}')`);
  return scale === 1 ? value : Math.round(value * scale);
}

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    strict: true,
    allowPositionals: false,
    options: {
      duration: { type: 'string' },
      'max-messages': { type: 'string' },
      warmup: { type: 'string' },
      'warmup-messages': { type: 'string' },
      'sample-every': { type: 'string' },
      'max-growth': { type: 'string' },
      adapter: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  ({ values } = parse());
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const durationMs = positive('duration', values.duration, DEFAULT_SOAK_OPTIONS.durationMs, 1000);
const options: SoakOptions = {
  ...DEFAULT_SOAK_OPTIONS,
  durationMs,
  maxMessages: Math.round(positive('max-messages', values['max-messages'], DEFAULT_SOAK_OPTIONS.maxMessages)),
  // A shorter run than the default gets a warm-up in proportion (a quarter of it).
  warmupMs: positive('warmup', values.warmup, Math.min(DEFAULT_SOAK_OPTIONS.warmupMs, durationMs / 4), 1000),
  warmupMessages: Math.round(positive('warmup-messages', values['warmup-messages'], DEFAULT_SOAK_OPTIONS.warmupMessages)),
  sampleEveryMs: positive('sample-every', values['sample-every'], DEFAULT_SOAK_OPTIONS.sampleEveryMs, 1000),
  maxGrowth: positive('max-growth', values['max-growth'], DEFAULT_SOAK_OPTIONS.maxGrowth),
  adapter: values.adapter ?? DEFAULT_SOAK_OPTIONS.adapter,
  concurrency: Math.round(positive('concurrency', values.concurrency, DEFAULT_SOAK_OPTIONS.concurrency)),
  log: (line) => console.log(line),
};

const report = await runSoak(options);
console.log(summarize(report).join('\n'));
// pnpm runs this in apps/mock-server; a relative --json path is taken from where `pnpm soak` was typed.
if (values.json !== undefined) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.json), `${JSON.stringify(report, null, 2)}\n`);
process.exit(report.pass ? 0 : 1);
