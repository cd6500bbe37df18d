import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type MockServerConfig, type MockServerConfigInput, type ProfileRecord, type Store, validateMockServerConfig } from '@triggerkit/core';
import { describeStoreContract, makeProfile } from '@triggerkit/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from './sqlite.schema';
import { createSqliteStore } from './sqlite.store';

const dir = mkdtempSync(join(tmpdir(), 'triggerkit-sqlite-'));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite (file, WAL)', () => createSqliteStore(freshFile()));
describeStoreContract('sqlite (:memory:)', () => createSqliteStore(':memory:'));
describeStoreContract('sqlite (file, synchronous=normal)', () => createSqliteStore(freshFile(), { synchronous: 'normal' }));

const KEEP = { keepNewest: 1_000 };
function parsed(config: MockServerConfigInput): MockServerConfig {
  const result = validateMockServerConfig(config);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}
const save = (store: Store, ...profiles: ProfileRecord[]) => store.unit(async (tx) => {
  for (const profile of profiles) await tx.saveProfile('ws', profile);
});

describe('createSqliteStore', () => {
  it('opens files in WAL mode, durable; :memory: is not durable', async () => {
    const file = freshFile();
    const store = createSqliteStore(file);
    expect(store.durable).toBe(true);
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await store.close();
    const memory = createSqliteStore(':memory:');
    expect(memory.durable).toBe(false);
    await memory.close();
  });

  it('keeps everything across close and reopen, pending due items included', async () => {
    const file = freshFile();
    const first = createSqliteStore(file);
    await first.unit(async (tx) => {
      await tx.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'a', alias_label: 'l' }], attributes: { email: 'A@x.com', phone: '+1' } }));
      await tx.saveDispatch('ws', { dispatch_id: 'd-1', recipients: [] }, KEEP);
      await tx.addDueItem('ws', { kind: 'users_track', due_ms: 123, payload: { attributes: [] } });
    });
    await first.close();
    const second = createSqliteStore(file);
    expect((await second.findProfile('ws', { user_alias: { alias_name: 'a', alias_label: 'l' } }))?.external_id).toBe('u-1');
    expect((await second.findProfilesByEmail('ws', 'a@x.com')).map((p) => p.braze_id)).toEqual(['b-1']);
    expect((await second.findProfilesByPhone('ws', '+1')).map((p) => p.braze_id)).toEqual(['b-1']);
    expect(await second.getDispatch('ws', 'd-1')).toMatchObject({ dispatch_id: 'd-1' });
    expect(await second.listDue('ws', 200, 10)).toEqual([{ id: expect.any(String), kind: 'users_track', due_ms: 123, payload: { attributes: [] } }]);
    await save(second, makeProfile({ braze_id: 'b-2' }));
    expect((await second.scanProfiles('ws', { limit: 10 })).profiles.map((p) => p.braze_id)).toEqual(['b-1', 'b-2']);
    await second.close();
  });

  it('keeps schedules across close and reopen, and a schedule created before a restart runs after it (endpoints spec 5, --db)', async () => {
    const file = freshFile();
    const config = {
      workspaces: [
        {
          name: 'ws',
          api_keys: [{ key: 'k', permissions: ['mock.inspect' as const] }],
          clock: { mode: 'manual' as const },
          campaigns: [{ id: 'c', channel: 'email' as const, message: { subject: 's', body: 'Hi' } }],
          users: [{ external_id: 'u-1', attributes: { email: 'u@example.com' } }],
        },
      ],
    };
    const first = createEngine({ config: parsed(config), store: createSqliteStore(file) });
    const { schedule_id, dispatch_id } = await first.createCampaignSchedule('ws', { campaign_id: 'c', recipients: [{ external_user_id: 'u-1' }], schedule: { time: '2026-01-02T08:00:00Z' } });
    await first.close();
    const second = createEngine({ config: parsed(config), store: createSqliteStore(file) });
    expect(await second.getSchedule('ws', schedule_id)).toMatchObject({ state: 'scheduled', pending: 1 });
    expect(await second.advanceClock('ws', { to: '2026-01-02T09:00:00Z' })).toMatchObject({ processed: { schedule_moments: 1 } });
    expect((await second.listMessages('ws', { dispatch_id })).messages).toEqual([expect.objectContaining({ source: 'schedule', schedule_id, sent_at: '2026-01-02T08:00:00.000Z' })]);
    expect(await second.getSchedule('ws', schedule_id)).toMatchObject({ state: 'completed' });
    await second.close();
  });

  it('keeps user writes pending across a restart and applies them after it: identify merges a guest, the merged history and group state survive (endpoints spec 6.2, --db)', async () => {
    const file = freshFile();
    const config = {
      workspaces: [
        {
          name: 'ws',
          api_keys: [{ key: 'k', permissions: ['mock.inspect' as const] }],
          clock: { mode: 'manual' as const },
          users_track_delay_ms: 1_000,
          subscription_groups: [{ id: 'sg-news', channel: 'email' as const }],
          campaigns: [{ id: 'c', channel: 'email' as const, message: { subject: 's', body: 'Hi' } }],
          users: [
            { external_id: 'member', attributes: { first_name: 'Ann' } },
            { user_aliases: [{ alias_name: 'guest-7', alias_label: 'checkout' }], attributes: { email: 'ann@example.com', tier: 'vip' } },
          ],
        },
      ],
    };
    const first = createEngine({ config: parsed(config), store: createSqliteStore(file) });
    await first.triggerCampaign('ws', { campaign_id: 'c', recipients: [{ user_alias: { alias_name: 'guest-7', alias_label: 'checkout' } }] });
    const identify = await first.identifyUsers('ws', { aliases_to_identify: [{ external_id: 'member', user_alias: { alias_name: 'guest-7', alias_label: 'checkout' } }] });
    await first.setSubscriptionStatus('ws', { subscription_group_id: 'sg-news', subscription_state: 'subscribed', external_id: 'member' });
    expect(first.writeStatus('ws', identify.write_id)).toEqual({ applied_at: null, outcomes: [] });
    await first.close();
    const second = createEngine({ config: parsed(config), store: createSqliteStore(file) });
    expect((await second.listUsers('ws', { limit: 10 })).users).toHaveLength(2);
    expect(await second.advanceClock('ws', { ms: 1_000 })).toMatchObject({ processed: { writes: 2 } });
    const member = await second.getUser('ws', 'member');
    expect([member.attributes['email'], member.attributes['tier'], member.user_aliases]).toEqual(['ann@example.com', 'vip', [{ alias_name: 'guest-7', alias_label: 'checkout' }]]);
    expect((await second.listUsers('ws', { limit: 10 })).users).toHaveLength(1);
    expect((await second.getSubscriptionStatus('ws', { subscription_group_id: 'sg-news', external_id: 'member' })).status).toEqual({ member: 'Subscribed' });
    const exported = await second.exportUsers('ws', { external_ids: ['member'], fields_to_export: ['campaigns_received'] });
    expect(exported.users[0]?.campaigns_received?.map((received) => received.api_campaign_id)).toEqual(['c']);
    await second.close();
  });

  it('rolls back a conflicting unit entirely, aliases and other writes included', async () => {
    const store = createSqliteStore(':memory:');
    await save(store, makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'taken', alias_label: 'l' }] }));
    await save(store, makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'mine', alias_label: 'l' }] }));
    const clash = makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'new', alias_label: 'l' }, { alias_name: 'taken', alias_label: 'l' }] });
    await expect(save(store, makeProfile({ braze_id: 'b-3', external_id: 'u-3' }), clash)).rejects.toMatchObject({ name: 'StoreConflictError', field: 'user_alias', value: 'l:taken' });
    expect((await store.findProfile('ws', { user_alias: { alias_name: 'mine', alias_label: 'l' } }))?.braze_id).toBe('b-2');
    expect(await store.findProfile('ws', { user_alias: { alias_name: 'new', alias_label: 'l' } })).toBeUndefined();
    expect(await store.findProfile('ws', { external_id: 'u-3' })).toBeUndefined();
    await store.close();
  });

  it('moves an external id and an alias between two profiles in one unit (released first, then taken)', async () => {
    const store = createSqliteStore(':memory:');
    const alias = { alias_name: 'a', alias_label: 'l' };
    await save(store, makeProfile({ braze_id: 'b-2' }), makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias] }));
    await save(store, makeProfile({ braze_id: 'b-1' }), makeProfile({ braze_id: 'b-2', external_id: 'u-1', user_aliases: [alias] }));
    expect((await store.findProfile('ws', { external_id: 'u-1' }))?.braze_id).toBe('b-2');
    expect((await store.findProfile('ws', { user_alias: alias }))?.braze_id).toBe('b-2');
    await store.close();
  });

  it('commits units that finish together in one transaction, each still all-or-nothing on its own', async () => {
    const store = createSqliteStore(freshFile());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.unit(async (tx) => {
          await tx.saveProfile('ws', makeProfile({ braze_id: `b-${i}`, external_id: i === 7 ? 'u-0' : `u-${i}` }));
          await tx.appendMessages('ws', [{ id: `m-${i}`, dispatch_id: `d-${i}`, source: 'trigger', channel: 'sms', recipient: { braze_id: `b-${i}` }, content: {}, trigger_properties: {}, sent_at: '2026-01-01T00:00:00Z' }], KEEP);
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
    expect(outcomes[7]).toMatchObject({ reason: { name: 'StoreConflictError', value: 'u-0' } });
    expect(await store.countProfiles('ws')).toBe(19);
    expect(await store.findProfile('ws', { braze_id: 'b-7' })).toBeUndefined();
    expect((await store.listMessages('ws', { limit: 100 })).messages.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m-${i}`).filter((id) => id !== 'm-7'));
    await store.close();
  });

  it('rolls back a reset whose seeds conflict, keeping the previous state', async () => {
    const store = createSqliteStore(':memory:');
    await save(store, makeProfile({ braze_id: 'b-old' }));
    const seeds = [makeProfile({ braze_id: 'b-1', external_id: 'u-1' }), makeProfile({ braze_id: 'b-2', external_id: 'u-1' })];
    await expect(store.unit((tx) => tx.resetWorkspace('ws', seeds))).rejects.toMatchObject({ name: 'StoreConflictError' });
    expect((await store.findProfile('ws', { braze_id: 'b-old' }))?.braze_id).toBe('b-old');
    expect(await store.countProfiles('ws')).toBe(1);
    await store.close();
  });

  it('scans 1,203 profiles in pages, in order', async () => {
    const store = createSqliteStore(':memory:');
    await save(store, ...Array.from({ length: 1_203 }, (_, i) => makeProfile({ braze_id: `b-${i}` })));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.scanProfiles('ws', { after, limit: 500 });
      seen.push(...page.profiles.map((p) => p.braze_id));
      after = page.next;
    } while (after !== undefined);
    expect(seen).toEqual(Array.from({ length: 1_203 }, (_, i) => `b-${i}`));
    await store.close();
  });

  it('treats filter values as data, never as SQL', async () => {
    const store = createSqliteStore(':memory:');
    const message = { id: 'm-1', dispatch_id: 'd-1', source: 'trigger' as const, campaign_id: 'c', channel: 'sms' as const, recipient: { braze_id: 'b' }, content: { body: 'x' }, trigger_properties: {}, sent_at: '2026-01-01T00:00:00.000Z' };
    await store.unit((tx) => tx.appendMessages('ws', [message], KEEP));
    expect((await store.listMessages('ws', { campaign_id: "c' OR '1'='1", limit: 10 })).messages).toEqual([]);
    expect((await store.listMessages("ws' OR '1'='1", { limit: 10 })).messages).toEqual([]);
    await expect(store.listMessages('ws', { after: "m-1' OR '1'='1", limit: 10 })).rejects.toMatchObject({ name: 'UnknownCursorError' });
    await store.close();
  });

  it('answers every call after close with StoreUnavailableError', async () => {
    const store = createSqliteStore(':memory:');
    await store.close();
    await expect(store.countProfiles('ws')).rejects.toMatchObject({ name: 'StoreUnavailableError', httpStatus: 503 });
    await expect(store.unit(async () => undefined)).rejects.toMatchObject({ name: 'StoreUnavailableError' });
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('fails a unit whose file another process holds locked with StoreUnavailableError, writing nothing, and works once it is free', async () => {
    const file = freshFile();
    const store = createSqliteStore(file, { busyTimeoutMs: 50 });
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    await expect(save(store, makeProfile({ braze_id: 'b-1' }))).rejects.toMatchObject({ name: 'StoreUnavailableError', cause: { code: 'SQLITE_BUSY' } });
    other.exec('ROLLBACK');
    other.close();
    expect(await store.countProfiles('ws')).toBe(0);
    await save(store, makeProfile({ braze_id: 'b-1' }));
    expect(await store.countProfiles('ws')).toBe(1);
    await store.close();
  });

  it('answers every lookup and message filter from an index, never a scan of the table', () => {
    const file = freshFile();
    createSqliteStore(file);
    const db = new Database(file);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan("SELECT record FROM profiles WHERE workspace = 'ws' AND phone = '+1' ORDER BY seq")).toMatch(/USING INDEX profiles_by_phone/);
    expect(plan("SELECT record FROM profiles WHERE workspace = 'ws' AND email_key = 'a' ORDER BY seq")).toMatch(/USING INDEX profiles_by_email/);
    for (const column of ['campaign_id', 'canvas_id', 'external_user_id', 'dispatch_id', 'send_id']) {
      const detail = plan(`SELECT seq, record FROM messages WHERE workspace = 'ws' AND ${column} = 'x' AND seq > 0 ORDER BY seq LIMIT 101`);
      expect(detail, column).toMatch(/USING (COVERING )?INDEX messages_by_/);
      expect(detail, column).not.toMatch(/USE TEMP B-TREE/);
    }
    expect(plan("SELECT seq FROM messages WHERE workspace = 'ws' AND message_id = 'm' ORDER BY seq DESC LIMIT 1")).toMatch(/INDEX messages_by_id/);
    expect(plan("SELECT seq FROM messages WHERE workspace = 'ws' AND sent_ms >= 5 ORDER BY sent_ms, seq LIMIT 1")).toMatch(/INDEX messages_by_sent/);
    expect(plan("SELECT seq, kind, due_ms, payload FROM due_items WHERE workspace = 'ws' AND due_ms <= 5 ORDER BY due_ms, seq LIMIT 100")).toMatch(/INDEX due_items_by_time/);
    db.close();
  });

  it('refuses a file written by a newer schema', () => {
    const file = freshFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore(file)).toThrow(/newer @triggerkit\/store-sqlite/);
  });

  it('fails clearly for a path that cannot be opened', () => {
    expect(() => createSqliteStore(join(dir, 'missing-dir', 'x.db'))).toThrow();
  });
});

describe('schema migration', () => {
  /** A file as @triggerkit/store-sqlite 0.0.0 (schema 1) wrote it. */
  function versionOneFile(): string {
    const file = freshFile();
    const db = new Database(file);
    migrate(db, file, 1);
    const profile = (id: string, attributes: Record<string, unknown>, seq: number) =>
      db
        .prepare('INSERT INTO profiles (workspace, braze_id, seq, external_id, email_key, record) VALUES (?, ?, ?, ?, ?, ?)')
        .run('ws', id, seq, `u-${id}`, null, JSON.stringify(makeProfile({ braze_id: id, external_id: `u-${id}`, attributes })));
    profile('b-1', { phone: '+15550100' }, 1);
    profile('b-2', { phone: 15550100 }, 2);
    const message = db.prepare('INSERT INTO messages (workspace, dispatch_id, campaign_id, external_user_id, record) VALUES (?, ?, ?, ?, ?)');
    for (let i = 1; i <= 4; i++) {
      const record = { id: `m-${i}`, dispatch_id: `d-${i}`, campaign_id: 'c', channel: 'sms', recipient: { braze_id: 'b-1' }, content: { body: 'x' }, trigger_properties: {}, sent_at: `2026-01-01T00:00:0${i}.250Z` };
      message.run('ws', `d-${i}`, 'c', null, JSON.stringify(record));
    }
    const dispatch = db.prepare('INSERT INTO dispatches (workspace, dispatch_id, record) VALUES (?, ?, ?)');
    for (const i of [3, 1, 4, 2]) dispatch.run('ws', `d-${i}`, JSON.stringify({ dispatch_id: `d-${i}`, recipients: [] }));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    return file;
  }

  it('brings a version 1 file to the current schema with its data usable by every new feature', async () => {
    const file = versionOneFile();
    const store = createSqliteStore(file);
    expect((await store.findProfilesByPhone('ws', '+15550100')).map((p) => p.braze_id)).toEqual(['b-1']);
    const page = await store.listMessages('ws', { after: 'm-1', limit: 2 });
    expect(page).toMatchObject({ more: true, messages: [{ id: 'm-2' }, { id: 'm-3' }] });
    expect((await store.listMessages('ws', { sinceMs: Date.parse('2026-01-01T00:00:03.250Z'), limit: 10 })).messages.map((m) => m.id)).toEqual(['m-3', 'm-4']);
    // Counts were taken over: retention of 4 more keeps exactly the newest 5; dispatches follow their messages' order.
    await store.unit(async (tx) => {
      await tx.appendMessages('ws', [{ id: 'm-5', dispatch_id: 'd-5', source: 'trigger', channel: 'sms', recipient: { braze_id: 'b' }, content: {}, trigger_properties: {}, sent_at: '2026-01-01T00:00:05Z' }], { keepNewest: 4 });
      await tx.saveDispatch('ws', { dispatch_id: 'd-5', recipients: [] }, { keepNewest: 3 });
    });
    expect((await store.listMessages('ws', { limit: 10 })).messages.map((m) => m.id)).toEqual(['m-2', 'm-3', 'm-4', 'm-5']);
    expect(await store.getDispatch('ws', 'd-2')).toBeUndefined();
    expect(await store.getDispatch('ws', 'd-3')).toBeDefined();
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('brings a version 4 file to version 5: its messages are filterable by the source and schedule_id their records carry', async () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db, file, 4);
    const insert = db.prepare('INSERT INTO messages (workspace, message_id, sent_ms, dispatch_id, campaign_id, record) VALUES (?, ?, ?, ?, ?, ?)');
    const record = (id: string, extra: Record<string, unknown>) => JSON.stringify({ id, dispatch_id: 'd', campaign_id: 'c', channel: 'email', recipient: { braze_id: 'b' }, content: {}, trigger_properties: {}, sent_at: '2026-01-01T00:00:00Z', ...extra });
    insert.run('ws', 'm-1', 0, 'd', 'c', record('m-1', {}));
    insert.run('ws', 'm-2', 0, 'd', 'c', record('m-2', { source: 'schedule', schedule_id: 'sch-1' }));
    db.close();
    const store = createSqliteStore(file);
    const ids = async (query: { source?: 'trigger' | 'schedule'; schedule_id?: string }) => (await store.listMessages('ws', { ...query, limit: 10 })).messages.map((m) => m.id);
    expect(await ids({ source: 'trigger' })).toEqual(['m-1']);
    expect(await ids({ source: 'schedule' })).toEqual(['m-2']);
    expect(await ids({ schedule_id: 'sch-1' })).toEqual(['m-2']);
    await store.close();
  });

  it('brings a version 2 file (phone column only) to the current schema too', async () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db, file, 2);
    db.prepare('INSERT INTO profiles (workspace, braze_id, seq, phone, record) VALUES (?, ?, ?, ?, ?)').run('ws', 'b-1', 1, '+1', JSON.stringify(makeProfile({ braze_id: 'b-1', attributes: { phone: '+1' } })));
    db.close();
    const store = createSqliteStore(file);
    expect((await store.findProfilesByPhone('ws', '+1')).map((p) => p.braze_id)).toEqual(['b-1']);
    await store.unit((tx) => tx.addDueItem('ws', { kind: 'users_track', due_ms: 1, payload: {} }));
    expect(await store.nextDueMs('ws')).toBe(1);
    await store.close();
  });

  // Spec 8, Rev 2 added the phone lookup: a file written before it is upgraded in place, its profiles indexed by phone.
  it('upgrades a schema-1 file: existing profiles are found by phone, and new writes are indexed too', async () => {
    const file = freshFile();
    const v1 = new Database(file);
    migrate(v1, file, 1);
    const insert = v1.prepare('INSERT INTO profiles (workspace, braze_id, seq, external_id, email_key, record) VALUES (?, ?, ?, ?, ?, ?)');
    const record = (brazeId: string, attributes: Record<string, unknown>) => JSON.stringify(makeProfile({ braze_id: brazeId, attributes }));
    insert.run('ws', 'b-1', 1, null, null, record('b-1', { phone: '+15555550100', first_name: 'Pat' }));
    insert.run('ws', 'b-2', 2, null, null, record('b-2', { phone: 15555550100 }));
    insert.run('ws', 'b-3', 3, null, null, record('b-3', { phone: '' }));
    insert.run('ws', 'b-4', 4, null, null, record('b-4', {}));
    v1.close();

    const store = createSqliteStore(file);
    expect((await store.findProfilesByPhone('ws', '+15555550100')).map((p) => [p.braze_id, p.attributes['first_name']])).toEqual([['b-1', 'Pat']]);
    expect(await store.findProfilesByPhone('ws', '15555550100')).toEqual([]);
    await save(store, makeProfile({ braze_id: 'b-4', attributes: { phone: '+15555550100' } }));
    expect((await store.findProfilesByPhone('ws', '+15555550100')).map((p) => p.braze_id)).toEqual(['b-1', 'b-4']);
    await store.close();
  });

  it('is idempotent: opening a migrated file again changes nothing', async () => {
    const file = versionOneFile();
    await createSqliteStore(file).close();
    const again = createSqliteStore(file);
    expect(await again.countProfiles('ws')).toBe(2);
    expect((await again.listMessages('ws', { limit: 10 })).messages).toHaveLength(4);
    await again.close();
  });
});
