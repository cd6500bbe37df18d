/**
 * Run by durability.test.ts in its own process: writes records forever, printing `ack <i>` only
 * after every store promise of write i resolved. The test kills it with SIGKILL mid-stream.
 */
import type { ProfileRecord, Store } from '@triggerkit/core';
import { createSqliteStore } from '../src/index';

const [file, synchronous] = process.argv.slice(2);
if (file === undefined || (synchronous !== 'full' && synchronous !== 'normal')) {
  process.stderr.write('usage: durability.child <file> <full|normal>\n');
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
  await store.saveProfile(
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
  await store.saveProfile('ws', profile({ braze_id: 'counter', attributes: { last: i }, updated_at: at(i) }));
  await store.appendMessages('ws', [
    {
      id: `m-${i}`,
      dispatch_id: `d-${i}`,
      campaign_id: 'c',
      channel: 'sms',
      recipient: { external_user_id: `u-${i}`, braze_id: `b-${i}` },
      content: { body: `#${i}` },
      trigger_properties: { i },
      sent_at: at(i),
    },
  ]);
}

async function writeForever(store: Store): Promise<never> {
  for (let i = 0; ; i++) {
    await writeOne(store, i);
    // Pipes are synchronous on Linux: once the parent reads this line, the write had resolved.
    process.stdout.write(`ack ${i}\n`);
  }
}

writeForever(createSqliteStore(file, { synchronous })).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
