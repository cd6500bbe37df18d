/**
 * Turns the rounds into figures: each contender's median over rounds with the spread (min–max),
 * ratios to the baseline measured in the same round, a JSON file and a markdown table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from './load.ts';

export interface RoundResult extends LoadResult {
  round: number;
  startupMs: number;
  /** Share of its core the server used while measured (1 = the whole core), where /proc says. */
  serverCpuShare: number | undefined;
  /** This round's req/s over the baseline's req/s in the same round. */
  ratioToBaseline: number | undefined;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface ContenderResult {
  id: string;
  label: string;
  /** Set when the contender could not run on this machine. */
  skipped?: string;
  rounds: RoundResult[];
  summary?: {
    reqPerSec: Spread;
    recipientsPerSec: Spread;
    ratioToBare: Spread | undefined;
    p50Ms: Spread;
    p99Ms: Spread;
    startupMs: Spread;
    serverCpuShare: number | undefined;
    loadCpuShare: number;
    /** Connection errors over all rounds, by kind (e.g. ECONNRESET), and the requests they hit. */
    errors: number;
    errorKinds: Record<string, number>;
  };
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export function summarize(rounds: readonly RoundResult[], recipientsPerRequest: number): ContenderResult['summary'] {
  if (rounds.length === 0) return undefined;
  const ratios = rounds.flatMap((round) => (round.ratioToBaseline === undefined ? [] : [round.ratioToBaseline]));
  return {
    reqPerSec: spreadOf(rounds.map((round) => round.reqPerSec)),
    recipientsPerSec: spreadOf(rounds.map((round) => round.reqPerSec * recipientsPerRequest)),
    ratioToBare: ratios.length === 0 ? undefined : spreadOf(ratios),
    p50Ms: spreadOf(rounds.map((round) => round.p50Ms)),
    p99Ms: spreadOf(rounds.map((round) => round.p99Ms)),
    startupMs: spreadOf(rounds.map((round) => round.startupMs)),
    serverCpuShare: rounds.some((round) => round.serverCpuShare === undefined) ? undefined : spreadOf(rounds.map((round) => round.serverCpuShare!)).median,
    loadCpuShare: spreadOf(rounds.map((round) => round.loadCpuShare)).median,
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    errorKinds: mergeCounts(rounds.map((round) => round.errorKinds)),
  };
}

function mergeCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const count of counts) for (const [kind, n] of Object.entries(count)) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (value: number): string => (value >= 0.1 ? value.toFixed(2) : value.toPrecision(2));
const share = (value: number | undefined): string => (value === undefined ? '?' : `${Math.round(value * 100)}%`);
const errorsCell = (errors: number, kinds: Record<string, number>): string =>
  errors === 0 ? '0' : Object.entries(kinds).map(([kind, n]) => `${n} ${kind}`).join(', ');
const range = (spread: Spread, format: (value: number) => string): string =>
  spread.min === spread.max ? format(spread.median) : `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;

/** The markdown table: medians over rounds, the spread of the rounds in parentheses. */
export function markdownTable(results: readonly ContenderResult[]): string {
  const lines = [
    '| server | req/s | recipients/s | ratio to bare | p50 | p99 | start-up to first 200 | CPU: server / load | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    const s = result.summary;
    if (s === undefined) {
      lines.push(`| ${result.label} | not run: ${result.skipped ?? 'no rounds'} | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${result.label} | ${range(s.reqPerSec, integer)} | ${integer(s.recipientsPerSec.median)} | ${s.ratioToBare ? range(s.ratioToBare, ratio) : '–'} | ` +
        `${integer(s.p50Ms.median)} ms | ${range(s.p99Ms, integer)} ms | ${range(s.startupMs, integer)} ms | ${share(s.serverCpuShare)} / ${share(s.loadCpuShare)} | ${errorsCell(s.errors, s.errorKinds)} |`,
    );
  }
  return lines.join('\n');
}

export const DOCS_START = '<!-- server-bench:start -->';
export const DOCS_END = '<!-- server-bench:end -->';

/** Replaces the text between the markers of `file` with `content`; the rest of the page is the author's. */
export function writeBetweenMarkers(file: string, content: string): void {
  const page = readFileSync(file, 'utf8');
  const start = page.indexOf(DOCS_START);
  const end = page.indexOf(DOCS_END);
  if (start === -1 || end < start) throw new Error(`${file} has no ${DOCS_START} … ${DOCS_END} block`);
  writeFileSync(file, `${page.slice(0, start + DOCS_START.length)}\n${content}\n${page.slice(end)}`);
}
