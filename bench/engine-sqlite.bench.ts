/**
 * The engine's create-and-send throughput on SQLite against the same engine on the in-memory store
 * (the baseline), with the same requests: 50 new recipients each, with inline attributes.
 * Every row is one engine on its own store; a file store lives in a temporary directory.
 *
 * Run: tsx bench/engine-sqlite.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, createMemoryStore, type Engine, type Store } from '@triggerkit/core';
import { createSqliteStore } from '@triggerkit/store-sqlite';
import { measureThroughput, printRatioTable, throughputRows, type BenchCase, type Budget } from './support/measure';
import { assertAllCreatedAndSent, benchConfig, createAndSendBodies, RECIPIENTS_PER_REQUEST, WORKSPACE } from './support/trigger-requests';

// Each request is one unit of work, one transaction; with `synchronous = FULL` it waits for one
// fsync, so on a slow disk the time budget, not the call budget, bounds the durable rows.
const BUDGET: Budget = { rounds: 3, maxCalls: 40, maxMs: 1_500 };

function engineCase(name: string, engine: Engine, bodies: readonly Record<string, unknown>[]): BenchCase {
  let next = 0;
  return {
    name,
    opsPerCall: 1,
    async call(round) {
      const response = await engine.triggerCampaign(WORKSPACE, bodies[next++]);
      if (round === -1) await assertAllCreatedAndSent(engine, response.dispatch_id);
    },
  };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'triggerkit-bench-'));
  const engines: Engine[] = [];
  const engineOn = (store: Store) => {
    const engine = createEngine({ config: benchConfig(), store });
    engines.push(engine);
    return engine;
  };
  try {
    const bodies = createAndSendBodies(BUDGET.maxCalls * (BUDGET.rounds + 1));
    const results = await measureThroughput(
      [
        engineCase('memory store', engineOn(createMemoryStore()), bodies),
        engineCase("SQLite ':memory:'", engineOn(createSqliteStore(':memory:')), bodies),
        engineCase("SQLite file, synchronous 'normal'", engineOn(createSqliteStore(join(directory, 'normal.db'), { synchronous: 'normal' })), bodies),
        engineCase("SQLite file, synchronous 'full' (default)", engineOn(createSqliteStore(join(directory, 'full.db'))), bodies),
      ],
      BUDGET,
    );
    printRatioTable(`engine create-and-send by store, requests of ${RECIPIENTS_PER_REQUEST} recipients with inline attributes`, 'requests/s', throughputRows(results));
  } finally {
    for (const engine of engines) await engine.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
