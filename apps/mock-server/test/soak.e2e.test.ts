import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOAK_OPTIONS, megabytes, runSoak, summarize, type SoakOptions } from '../soak/soak.ts';
import { requireBuiltBin } from './bin.helper.ts';

/**
 * Issue 11, item 8: the short form of `pnpm soak` (soak/soak.ts), run with every test. The bin
 * gets 35 s of create-and-send load with `--max-messages 2000` (the same 500 profiles again and
 * again: profiles are state and are kept, messages are not), and its RSS must stay flat once
 * retention is full and the process is warm. A control run against the same bin with retention in
 * effect removed shows that the measurement catches what it is for.
 */
const BOUND = 0.2;
const SHORT: SoakOptions = { ...DEFAULT_SOAK_OPTIONS, durationMs: 35_000, warmupMs: 8_000, warmupMessages: 40_000, sampleEveryMs: 1_000, maxGrowth: BOUND, concurrency: 12 };

beforeAll(requireBuiltBin);

describe('the bin under create-and-send load past --max-messages 2000', () => {
  it(
    'keeps RSS flat once retention is full (< 20 % growth from the warm point to the end), keeps 2,000 messages and fails no request',
    async () => {
      const report = await runSoak(SHORT);
      console.log(summarize(report).join('\n'));
      expect(report.problems).toEqual([]);
      expect(report.retentionFull).toBeDefined();
      // At least ten times the retention went through it, so it was exercised, not merely reached.
      expect(report.end.messagesSent).toBeGreaterThan(10 * SHORT.maxMessages);
      expect(report.messagesKept).toBe(SHORT.maxMessages);
      expect(report.growth).toBeLessThan(BOUND);
      expect(report.pass).toBe(true);
    },
    60_000,
  );

  it(
    'control: with retention in effect removed the same measurement fails on RSS growth',
    async () => {
      const report = await runSoak({ ...SHORT, durationMs: 15_000, warmupMs: 5_000, warmupMessages: 10_000, serverMaxMessages: 999_999_999 });
      console.log(`control (server --max-messages 999999999): RSS ${megabytes(report.warm?.rssBytes ?? 0)} once "warm" → ${megabytes(report.end.rssBytes)} at the end`);
      expect(report.growth).toBeGreaterThan(BOUND);
      expect(report.problems.some((problem) => problem.startsWith('RSS grew'))).toBe(true);
      expect(report.pass).toBe(false);
    },
    45_000,
  );
});
