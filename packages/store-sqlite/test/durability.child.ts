/**
 * Run by durability.test.ts in its own process: writes forever, printing `ack <i>` only after
 * write i resolved (was acknowledged). The test kills it with SIGKILL mid-stream.
 *
 * `store` mode: one unit per write (two profiles and a message), straight on the store.
 * `engine` mode: the engine over the store, as the mock server runs it: a delayed /users/track
 * write (acknowledged once persisted, visible only after a minute), an instant one and a
 * create-and-send trigger per round.
 */
import { createEngine, type ProfileRecord, type Store, validateMockServerConfig } from '@triggerkit/core';
import { createSqliteStore } from '../src/index';
import { DURABILITY_CONFIG } from './durability.config';

const [file, synchronous, mode] = process.argv.slice(2);
if (file === undefined || (synchronous !== 'full' && synchronous !== 'normal') || (mode !== 'store' && mode !== 'engine')) {
  process.stderr.write('usage: durability.child <file> <full|normal> <store|engine>\n');
  process.exit(2);
}

const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

const profile = (overrides: Partial<ProfileRecord> & Pick<ProfileRecord, 'braze_id'>): ProfileRecord => ({
  user_aliases: [],
  attributes: {},
  events: {},
  purchases: {},
  created_at: at(0),
  updated_at: at(0),
  ...overrides,
});

async function writeOne(store: Store, i: number): Promise<void> {
  await store.unit(async (tx) => {
    await tx.saveProfile(
      'ws',
      profile({
        braze_id: `b-${i}`,
        external_id: `u-${i}`,
        user_aliases: [{ alias_name: `alias-${i}`, alias_label: 'durability' }],
        attributes: { n: i, email: `user${i}@example.com` },
        created_at: at(i),
        updated_at: at(i),
      }),
    );
    await tx.saveProfile('ws', profile({ braze_id: 'counter', attributes: { last: i }, updated_at: at(i) }));
    await tx.appendMessages(
      'ws',
      [
        {
          id: `m-${i}`,
          dispatch_id: `d-${i}`,
          source: 'trigger',
          campaign_id: 'c',
          channel: 'sms',
          recipient: { external_user_id: `u-${i}`, braze_id: `b-${i}` },
          content: { body: `#${i}` },
          trigger_properties: { i },
          sent_at: at(i),
        },
      ],
      { keepNewest: 1_000_000 },
    );
  });
}

async function writeThroughEngine(store: Store): Promise<(i: number) => Promise<void>> {
  const config = validateMockServerConfig(DURABILITY_CONFIG);
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const engine = createEngine({ config: config.value, store });
  return async (i) => {
    await engine.trackUsers('delayed', { attributes: [{ external_id: `t-${i}`, n: i }] });
    await engine.trackUsers('instant', { attributes: [{ external_id: `i-${i}`, n: i }] });
    await engine.triggerCampaign('instant', {
      campaign_id: 'c',
      trigger_properties: { i },
      recipients: [{ external_user_id: `u-${i}`, send_to_existing_only: false, attributes: { phone: `+1555${i}` } }],
    });
  };
}

async function writeForever(store: Store): Promise<never> {
  const write = mode === 'engine' ? await writeThroughEngine(store) : (i: number) => writeOne(store, i);
  for (let i = 0; ; i++) {
    await write(i);
    // Pipes are synchronous on Linux: once the parent reads this line, the write had resolved.
    process.stdout.write(`ack ${i}\n`);
  }
}

writeForever(createSqliteStore(file, { synchronous })).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
