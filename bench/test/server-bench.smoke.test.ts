import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContenderResult } from '../server/report.ts';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

// Keeps `pnpm bench`'s server benchmark from rotting: one tiny round of the baseline and the
// mock server on Express, against the built bin. The harness itself fails the run unless the mock
// server created and sent to all 50 recipients and answered no request with a non-2xx. No figure
// is asserted: speed belongs in `pnpm bench`.
describe('server benchmark harness', () => {
  it('measures the baseline and the mock server, no non-2xx answer, and writes the results file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'triggerkit-bench-smoke-')), 'smoke.json');
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'server.bench.ts', '--only', 'triggerkit-express-memory', '--rounds', '1', '--duration', '1', '--warmup', '0', '--out', out], {
        cwd: benchDir,
        encoding: 'utf8',
        timeout: 110_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { results: ContenderResult[] };
      expect(report.results.map((result) => result.id)).toEqual(['bare', 'triggerkit-express-memory']);
      for (const result of report.results) {
        expect(result.rounds).toHaveLength(1);
        expect(result.rounds[0]!.ok).toBeGreaterThan(0);
        expect(result.rounds[0]!.non2xx).toBe(0);
      }
      expect(run.stdout).toContain('| triggerkit, express adapter, memory |');
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  });
});
