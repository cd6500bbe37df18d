/** One contender: `call(round)` does `opsPerCall` units of work (round -1 is the warm-up). */
export interface BenchCase {
  name: string;
  opsPerCall: number;
  call(round: number): void | Promise<void>;
}

/** How long each case may run per round: at most `maxCalls` calls and about `maxMs` milliseconds. */
export interface Budget {
  rounds: number;
  maxCalls: number;
  maxMs: number;
}

export interface Measured {
  name: string;
  opsPerSecond: number;
}

export interface Row {
  name: string;
  value: number;
}

/**
 * Runs the cases in interleaved rounds (alternating order, so drift on a noisy machine hits every
 * case alike) and reports each case's median throughput. The first case is the baseline of the table.
 */
export async function measureThroughput(cases: readonly BenchCase[], budget: Budget): Promise<Measured[]> {
  const samples: number[][] = cases.map(() => []);
  for (const benchCase of cases) await benchCase.call(-1);
  for (let round = 0; round < budget.rounds; round++) {
    const order = cases.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) samples[index]!.push(await timeRound(cases[index]!, round, budget));
  }
  return cases.map((benchCase, index) => ({ name: benchCase.name, opsPerSecond: median(samples[index]!) }));
}

async function timeRound(benchCase: BenchCase, round: number, budget: Budget): Promise<number> {
  const started = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    const pending = benchCase.call(round);
    if (pending) await pending;
    calls++;
    elapsed = performance.now() - started;
  } while (calls < budget.maxCalls && elapsed < budget.maxMs);
  return (calls * benchCase.opsPerCall * 1e3) / elapsed;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Prints `case | value | ratio vs the first row`: figures are ratios against a baseline measured in the same run. */
export function printRatioTable(title: string, unit: string, rows: readonly Row[]): void {
  const baseline = rows[0];
  if (!baseline) return;
  const cells = rows.map((row) => [row.name, formatNumber(row.value), `${(row.value / baseline.value).toFixed(3)}x`]);
  const header = ['case', unit, `ratio vs "${baseline.name}"`];
  const widths = header.map((cell, column) => Math.max(cell.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]): string =>
    values.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of cells) console.log(line(row));
}

export function throughputRows(measured: readonly Measured[]): Row[] {
  return measured.map((entry) => ({ name: entry.name, value: entry.opsPerSecond }));
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

declare const gc: (() => void) | undefined;

/** Heap in use after two full collections; needs `--expose-gc`. */
export function heapUsedAfterGc(): number {
  if (typeof gc !== 'function') throw new Error('run with --expose-gc (tsx --expose-gc ...)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A positive integer from the environment (e.g. `BENCH_PROFILES=100000` for a quick run), else `fallback`. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}
