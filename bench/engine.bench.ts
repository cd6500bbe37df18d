/**
 * Create-and-send throughput of the engine on the in-memory store: trigger requests of 50 new
 * recipients with inline attributes, against the same number of `validateCampaignTriggerSend`
 * calls alone, so the ratio is the cost of the pipeline (profiles, segment, Liquid, messages,
 * dispatch) on top of validation. The SQLite comparison is in packages/store-sqlite/bench.
 *
 * Run: tsx bench/engine.bench.ts
 */
import { createEngine, validateCampaignTriggerSend } from '@triggerkit/core';
import { measureThroughput, printRatioTable, throughputRows, type Budget } from './support/measure';
import { assertAllCreatedAndSent, benchConfig, createAndSendBodies, RECIPIENTS_PER_REQUEST, WORKSPACE } from './support/trigger-requests';

const BUDGET: Budget = { rounds: 5, maxCalls: 60, maxMs: 1_500 };

async function main(): Promise<void> {
  const bodies = createAndSendBodies(BUDGET.maxCalls * (BUDGET.rounds + 1));
  const engine = createEngine({ config: benchConfig() });
  let validated = 0;
  let triggered = 0;
  const results = await measureThroughput(
    [
      {
        name: 'validateCampaignTriggerSend only',
        opsPerCall: 1,
        call() {
          const result = validateCampaignTriggerSend(bodies[validated++ % bodies.length]);
          if (!result.ok) throw result.error;
        },
      },
      {
        name: `engine.triggerCampaign, memory store (${RECIPIENTS_PER_REQUEST} created + sent)`,
        opsPerCall: 1,
        async call(round) {
          const response = await engine.triggerCampaign(WORKSPACE, bodies[triggered++]);
          if (round === -1) await assertAllCreatedAndSent(engine, response.dispatch_id);
        },
      },
    ],
    BUDGET,
  );
  printRatioTable(`create-and-send, requests of ${RECIPIENTS_PER_REQUEST} recipients with inline attributes`, 'requests/s', throughputRows(results));
  await engine.close();
}

await main();
