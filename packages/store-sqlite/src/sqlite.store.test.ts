import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract, makeProfile } from '@triggerkit/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite.schema';
import { createSqliteStore } from './sqlite.store';

const dir = mkdtempSync(join(tmpdir(), 'triggerkit-sqlite-'));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite (file, WAL)', () => createSqliteStore(freshFile()));
describeStoreContract('sqlite (:memory:)', () => createSqliteStore(':memory:'));
describeStoreContract('sqlite (file, synchronous=normal)', () => createSqliteStore(freshFile(), { synchronous: 'normal' }));

describe('createSqliteStore', () => {
  it('opens files in WAL mode with synchronous=FULL by default', () => {
    const file = freshFile();
    createSqliteStore(file);
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps everything across close and reopen', async () => {
    const file = freshFile();
    const first = createSqliteStore(file);
    await first.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'a', alias_label: 'l' }], attributes: { email: 'A@x.com' } }));
    await first.saveDispatch('ws', { dispatch_id: 'd-1', recipients: [] });
    await first.close();
    const second = createSqliteStore(file);
    expect((await second.findProfile('ws', { user_alias: { alias_name: 'a', alias_label: 'l' } }))?.external_id).toBe('u-1');
    expect((await second.findProfilesByEmail('ws', 'a@x.com')).map((p) => p.braze_id)).toEqual(['b-1']);
    expect(await second.getDispatch('ws', 'd-1')).toMatchObject({ dispatch_id: 'd-1' });
    await second.saveProfile('ws', makeProfile({ braze_id: 'b-2' }));
    const order: string[] = [];
    for await (const profile of second.scanProfiles('ws')) order.push(profile.braze_id);
    expect(order).toEqual(['b-1', 'b-2']);
    await second.close();
  });

  it('rolls back a conflicting save entirely, aliases included', async () => {
    const store = createSqliteStore(':memory:');
    await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'taken', alias_label: 'l' }] }));
    await store.saveProfile('ws', makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'mine', alias_label: 'l' }] }));
    const clash = makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'new', alias_label: 'l' }, { alias_name: 'taken', alias_label: 'l' }] });
    await expect(store.saveProfile('ws', clash)).rejects.toMatchObject({ name: 'StoreConflictError', field: 'user_alias', value: 'l:taken' });
    expect((await store.findProfile('ws', { user_alias: { alias_name: 'mine', alias_label: 'l' } }))?.braze_id).toBe('b-2');
    expect(await store.findProfile('ws', { user_alias: { alias_name: 'new', alias_label: 'l' } })).toBeUndefined();
    await store.close();
  });

  it('rolls back a reset whose seeds conflict, keeping the previous state', async () => {
    const store = createSqliteStore(':memory:');
    await store.saveProfile('ws', makeProfile({ braze_id: 'b-old' }));
    const seeds = [makeProfile({ braze_id: 'b-1', external_id: 'u-1' }), makeProfile({ braze_id: 'b-2', external_id: 'u-1' })];
    await expect(store.reset('ws', seeds)).rejects.toMatchObject({ name: 'StoreConflictError' });
    expect((await store.findProfile('ws', { braze_id: 'b-old' }))?.braze_id).toBe('b-old');
    expect(await store.countProfiles('ws')).toBe(1);
    await store.close();
  });

  it('scans beyond one page, and not profiles created during the scan', async () => {
    const store = createSqliteStore(':memory:');
    for (let i = 0; i < 1_203; i++) await store.saveProfile('ws', makeProfile({ braze_id: `b-${i}` }));
    let seen = 0;
    for await (const profile of store.scanProfiles('ws')) {
      expect(profile.braze_id).toBe(`b-${seen}`);
      if (seen === 0) await store.saveProfile('ws', makeProfile({ braze_id: 'late' }));
      seen++;
    }
    expect(seen).toBe(1_203);
    await store.close();
  });

  it('treats filter values as data, never as SQL', async () => {
    const store = createSqliteStore(':memory:');
    await store.appendMessages('ws', [
      { id: 'm-1', dispatch_id: 'd-1', campaign_id: 'c', channel: 'sms', recipient: { braze_id: 'b' }, content: { body: 'x' }, trigger_properties: {}, sent_at: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(await store.listMessages('ws', { campaign_id: "c' OR '1'='1" })).toEqual([]);
    expect(await store.listMessages("ws' OR '1'='1")).toEqual([]);
    await store.close();
  });

  it('rejects calls after close', async () => {
    const store = createSqliteStore(':memory:');
    await store.close();
    await expect(store.countProfiles('ws')).rejects.toThrow();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('refuses a file written by a newer schema', () => {
    const file = freshFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore(file)).toThrow(/newer @triggerkit\/store-sqlite/);
  });

  // Spec 8, Rev 2 added the phone lookup: a file written before it is upgraded in place, its profiles indexed by phone.
  it('upgrades a schema-1 file: existing profiles are found by phone, and new writes are indexed too', async () => {
    const file = freshFile();
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0] as string);
    v1.pragma('user_version = 1');
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
    await store.saveProfile('ws', makeProfile({ braze_id: 'b-4', attributes: { phone: '+15555550100' } }));
    expect((await store.findProfilesByPhone('ws', '+15555550100')).map((p) => p.braze_id)).toEqual(['b-1', 'b-4']);
    await store.close();

    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'profiles_by_phone'").all()).toHaveLength(1);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT record FROM profiles WHERE workspace = 'ws' AND phone = '+1' ORDER BY seq").all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/profiles_by_phone/);
    db.close();
    // reopening an upgraded file changes nothing
    const again = createSqliteStore(file);
    expect(await again.findProfilesByPhone('ws', '+15555550100')).toHaveLength(2);
    await again.close();
  });

  it('fails clearly for a path that cannot be opened', () => {
    expect(() => createSqliteStore(join(dir, 'missing-dir', 'x.db'))).toThrow();
  });
});
