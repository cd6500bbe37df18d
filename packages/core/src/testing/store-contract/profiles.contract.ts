import { describe, expect, it } from 'vitest';
import { CONFLICT, type CurrentStore, makeProfile, save, scanAll, T0, T1 } from './fixtures';

/** Profiles: lookups by every identifier, indexes that follow replacements, delete, paged scans. */
export function describeProfileContract(current: CurrentStore): void {
  describe('profiles', () => {
    it('finds a saved profile by external_id, braze_id and each alias', async () => {
      const store = current();
      const alias = { alias_name: 'n-1', alias_label: 'crm' };
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias], attributes: { first_name: 'Ann' } }));
      for (const ref of [{ external_id: 'u-1' }, { braze_id: 'b-1' }, { user_alias: { ...alias } }]) {
        const found = await store.findProfile('ws', ref);
        expect(found?.braze_id).toBe('b-1');
        expect(found?.attributes).toEqual({ first_name: 'Ann' });
      }
    });

    it('returns undefined for unknown identifiers', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'n', alias_label: 'l' }] }));
      expect(await store.findProfile('ws', { external_id: 'u-2' })).toBeUndefined();
      expect(await store.findProfile('ws', { braze_id: 'b-2' })).toBeUndefined();
      expect(await store.findProfile('ws', { user_alias: { alias_name: 'l', alias_label: 'n' } })).toBeUndefined();
    });

    it('round-trips every record field, including nested values, events and purchases', async () => {
      const store = current();
      const profile = makeProfile({
        braze_id: 'b-1',
        external_id: 'u-1',
        user_aliases: [{ alias_name: 'a', alias_label: 'b' }],
        attributes: { n: 1.5, flag: false, none: null, list: ['x', 'y'], nested: { deep: { k: [{ id: 1 }] } }, when: '2024-05-01T10:00:00Z' },
        events: { login: { count: 2, first_time: T0, last_time: T1 } },
        purchases: { sku: { count: 1, first_time: T1, last_time: T1, revenue: 12.5 } },
        created_at: T0,
        updated_at: '2026-01-02T03:04:05.678+02:00',
        merged_profiles: [{ braze_id: 'b-0', external_id: 'u-0' }, { braze_id: 'b-00' }],
      });
      await save(store, 'ws', profile);
      expect(await store.findProfile('ws', { braze_id: 'b-1' })).toEqual(profile);
    });

    it('keeps __proto__, constructor and prototype as ordinary attribute keys', async () => {
      const store = current();
      const attributes = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "prototype": 1}') as Record<string, unknown>;
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes }));
      const found = await store.findProfile('ws', { braze_id: 'b-1' });
      expect(Object.keys(found?.attributes ?? {}).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
      expect(Object.getOwnPropertyDescriptor(found?.attributes, '__proto__')?.value).toEqual({ polluted: true });
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('copies in and out: mutating what was saved (after its unit) or returned changes nothing stored', async () => {
      const store = current();
      const profile = makeProfile({ braze_id: 'b-1', attributes: { list: ['a'] } });
      await save(store, 'ws', profile);
      (profile.attributes['list'] as string[]).push('mutated');
      const first = await store.findProfile('ws', { braze_id: 'b-1' });
      first!.attributes['extra'] = true;
      expect((await store.findProfile('ws', { braze_id: 'b-1' }))?.attributes).toEqual({ list: ['a'] });
    });

    it('replaces by braze_id and moves the indexes with the record', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'a', alias_label: 'l' }], attributes: { email: 'old@example.com', phone: '+1' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-9', user_aliases: [{ alias_name: 'b', alias_label: 'l' }], attributes: { email: 'new@example.com', phone: '+2' } }));
      expect(await store.countProfiles('ws')).toBe(1);
      expect(await store.findProfile('ws', { external_id: 'u-1' })).toBeUndefined();
      expect((await store.findProfile('ws', { external_id: 'u-9' }))?.braze_id).toBe('b-1');
      expect(await store.findProfile('ws', { user_alias: { alias_name: 'a', alias_label: 'l' } })).toBeUndefined();
      expect((await store.findProfile('ws', { user_alias: { alias_name: 'b', alias_label: 'l' } }))?.braze_id).toBe('b-1');
      expect(await store.findProfilesByEmail('ws', 'old@example.com')).toEqual([]);
      expect((await store.findProfilesByEmail('ws', 'new@example.com')).map((p) => p.braze_id)).toEqual(['b-1']);
      expect(await store.findProfilesByPhone('ws', '+1')).toEqual([]);
      expect((await store.findProfilesByPhone('ws', '+2')).map((p) => p.braze_id)).toEqual(['b-1']);
    });

    it('rejects an external_id or alias that belongs to another profile, leaving both unchanged', async () => {
      const store = current();
      const alias = { alias_name: 'a', alias_label: 'l' };
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias] }));
      await expect(save(store, 'ws', makeProfile({ braze_id: 'b-2', external_id: 'u-1' }))).rejects.toMatchObject(CONFLICT);
      await expect(save(store, 'ws', makeProfile({ braze_id: 'b-2', user_aliases: [alias] }))).rejects.toMatchObject(CONFLICT);
      expect(await store.countProfiles('ws')).toBe(1);
      expect((await store.findProfile('ws', { external_id: 'u-1' }))?.braze_id).toBe('b-1');
      expect(await store.findProfile('ws', { braze_id: 'b-2' })).toBeUndefined();
    });

    it('distinguishes aliases by both name and label', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', user_aliases: [{ alias_name: 'ab', alias_label: 'c' }] }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'b', alias_label: 'ca' }, { alias_name: 'c', alias_label: 'ab' }] }));
      expect((await store.findProfile('ws', { user_alias: { alias_name: 'ab', alias_label: 'c' } }))?.braze_id).toBe('b-1');
      expect((await store.findProfile('ws', { user_alias: { alias_name: 'b', alias_label: 'ca' } }))?.braze_id).toBe('b-2');
    });

    it('finds every profile with an email, trimmed and case-insensitively, oldest first', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'Ann@Example.com' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-2', attributes: { email: 'other@example.com' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-3', external_id: 'u-3', attributes: { email: ' ann@example.com ' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'ann@example.com', first_name: 'Ann' } }));
      const found = await store.findProfilesByEmail('ws', '  ANN@example.com');
      expect(found.map((p) => p.braze_id)).toEqual(['b-1', 'b-3']);
      expect(found[0]?.attributes['first_name']).toBe('Ann');
      expect(await store.findProfilesByEmail('ws', 'nobody@example.com')).toEqual([]);
    });

    it('removes a profile from the email and phone indexes when the attribute is removed', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'a@example.com', phone: '+15550100' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes: {} }));
      expect(await store.findProfilesByEmail('ws', 'a@example.com')).toEqual([]);
      expect(await store.findProfilesByPhone('ws', '+15550100')).toEqual([]);
    });

    it('finds every profile with a phone by the exact string, oldest first', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', attributes: { phone: '+15550100' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-2', attributes: { phone: '+1 555 0100' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-3', attributes: { phone: '+15550100' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-4', attributes: { phone: 15550100 } }));
      expect((await store.findProfilesByPhone('ws', '+15550100')).map((p) => p.braze_id)).toEqual(['b-1', 'b-3']);
      expect((await store.findProfilesByPhone('ws', '+1 555 0100')).map((p) => p.braze_id)).toEqual(['b-2']);
      expect(await store.findProfilesByPhone('ws', '15550100')).toEqual([]);
      expect(await store.findProfilesByPhone('ws', '+15550100 ')).toEqual([]);
    });

    it('deletes a profile, freeing its external_id and aliases for a new one', async () => {
      const store = current();
      const alias = { alias_name: 'a', alias_label: 'l' };
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias], attributes: { email: 'a@example.com', phone: '+1' } }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-2' }));
      expect(await store.unit((tx) => tx.deleteProfile('ws', 'b-1'))).toBe(true);
      expect(await store.unit((tx) => tx.deleteProfile('ws', 'b-1'))).toBe(false);
      expect(await store.findProfile('ws', { braze_id: 'b-1' })).toBeUndefined();
      expect(await store.findProfile('ws', { external_id: 'u-1' })).toBeUndefined();
      expect(await store.findProfile('ws', { user_alias: alias })).toBeUndefined();
      expect(await store.findProfilesByEmail('ws', 'a@example.com')).toEqual([]);
      expect(await store.findProfilesByPhone('ws', '+1')).toEqual([]);
      expect(await store.countProfiles('ws')).toBe(1);
      expect((await scanAll(store, 'ws')).map((p) => p.braze_id)).toEqual(['b-2']);
      await save(store, 'ws', makeProfile({ braze_id: 'b-3', external_id: 'u-1', user_aliases: [alias] }));
      expect((await store.findProfile('ws', { user_alias: alias }))?.braze_id).toBe('b-3');
    });

    it('scans in pages in insertion order, replacements keeping their place', async () => {
      const store = current();
      for (const id of ['b-3', 'b-1', 'b-2', 'b-5', 'b-4']) await save(store, 'ws', makeProfile({ braze_id: id }));
      await save(store, 'ws', makeProfile({ braze_id: 'b-3', attributes: { changed: true } }));
      const first = await store.scanProfiles('ws', { limit: 2 });
      expect(first.profiles.map((p) => p.braze_id)).toEqual(['b-3', 'b-1']);
      expect(first.profiles[0]?.attributes).toEqual({ changed: true });
      expect(first.next).toBeDefined();
      const second = await store.scanProfiles('ws', { after: first.next, limit: 2 });
      expect(second.profiles.map((p) => p.braze_id)).toEqual(['b-2', 'b-5']);
      expect((await scanAll(store, 'ws', 2)).map((p) => p.braze_id)).toEqual(['b-3', 'b-1', 'b-2', 'b-5', 'b-4']);
      expect((await scanAll(store, 'ws', 1_000)).map((p) => p.braze_id)).toEqual(['b-3', 'b-1', 'b-2', 'b-5', 'b-4']);
      expect(await store.countProfiles('ws')).toBe(5);
    });

    it('treats a workspace never written to as empty', async () => {
      const store = current();
      expect(await store.countProfiles('nowhere')).toBe(0);
      expect(await store.scanProfiles('nowhere', { limit: 10 })).toEqual({ profiles: [], next: undefined });
      expect(await store.findProfile('nowhere', { external_id: 'u-1' })).toBeUndefined();
      expect(await store.findProfilesByEmail('nowhere', 'a@example.com')).toEqual([]);
      expect(await store.findProfilesByPhone('nowhere', '+1')).toEqual([]);
      expect(await store.listMessages('nowhere', { limit: 10 })).toEqual({ messages: [], more: false });
      expect(await store.getDispatch('nowhere', 'd-1')).toBeUndefined();
      expect(await store.listSendIds('nowhere')).toEqual([]);
      expect(await store.listDue('nowhere', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      expect(await store.nextDueMs('nowhere')).toBeUndefined();
    });
  });
}
