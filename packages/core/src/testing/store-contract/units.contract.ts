import { describe, expect, it } from 'vitest';
import { CONFLICT, type CurrentStore, gate, KEEP_ALL, makeMessage, makeProfile, messageIds, save, scanAll } from './fixtures';

class Midway extends Error {}

/** Units of work: all or nothing, invisible until committed, reading their own writes; locks held until the end. */
export function describeUnitContract(current: CurrentStore): void {
  describe('units of work', () => {
    it('reads its own writes by every identifier before committing', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-old', external_id: 'u-old', attributes: { email: 'old@example.com' } }));
      await store.unit(async (tx) => {
        const alias = { alias_name: 'n', alias_label: 'l' };
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-new', external_id: 'u-new', user_aliases: [alias], attributes: { email: 'Old@example.com', phone: '+1' } }));
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-old', external_id: 'u-old', attributes: { email: 'moved@example.com' } }));
        expect((await tx.findProfile('ws', { external_id: 'u-new' }))?.braze_id).toBe('b-new');
        expect((await tx.findProfile('ws', { user_alias: alias }))?.braze_id).toBe('b-new');
        expect((await tx.findProfile('ws', { braze_id: 'b-old' }))?.attributes).toEqual({ email: 'moved@example.com' });
        expect((await tx.findProfilesByEmail('ws', 'old@example.com')).map((p) => p.braze_id)).toEqual(['b-new']);
        expect((await tx.findProfilesByEmail('ws', 'moved@example.com')).map((p) => p.braze_id)).toEqual(['b-old']);
        expect((await tx.findProfilesByPhone('ws', '+1')).map((p) => p.braze_id)).toEqual(['b-new']);
        expect(await tx.countProfiles('ws')).toBe(2);
        expect((await scanAll(tx, 'ws', 1)).map((p) => p.braze_id)).toEqual(['b-old', 'b-new']);
        expect(await tx.deleteProfile('ws', 'b-new')).toBe(true);
        expect(await tx.findProfile('ws', { external_id: 'u-new' })).toBeUndefined();
        expect(await tx.countProfiles('ws')).toBe(1);
      });
      expect(await store.countProfiles('ws')).toBe(1);
      expect((await store.findProfilesByEmail('ws', 'moved@example.com')).map((p) => p.braze_id)).toEqual(['b-old']);
    });

    it('commits every kind of write together', async () => {
      const store = current();
      await store.unit(async (tx) => {
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1' }));
        await tx.appendMessages('ws', [makeMessage({ id: 'm-1' })], KEEP_ALL);
        await tx.saveDispatch('ws', { dispatch_id: 'd-1', recipients: [] }, KEEP_ALL);
        await tx.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: '2026-01-01T00:00:00.000Z' });
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 1, payload: { x: 1 } });
      });
      expect(await store.findProfile('ws', { external_id: 'u-1' })).toBeDefined();
      expect(await messageIds(store, 'ws')).toEqual(['m-1']);
      expect(await store.getDispatch('ws', 'd-1')).toBeDefined();
      expect(await store.listSendIds('ws')).toHaveLength(1);
      expect(await store.nextDueMs('ws')).toBe(1);
    });

    it('writes nothing when the unit fails midway', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { n: 1 } }));
      const attempt = store.unit(async (tx) => {
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { n: 2 } }));
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-2', external_id: 'u-2', attributes: { email: 'two@example.com' } }));
        await tx.deleteProfile('ws', 'b-1');
        await tx.appendMessages('ws', [makeMessage({ id: 'm-1' })], KEEP_ALL);
        await tx.saveDispatch('ws', { dispatch_id: 'd-1', recipients: [] }, KEEP_ALL);
        await tx.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: '2026-01-01T00:00:00.000Z' });
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 1, payload: {} });
        await tx.resetWorkspace('other', []);
        throw new Midway('the request failed after its writes');
      });
      await expect(attempt).rejects.toBeInstanceOf(Midway);
      expect((await store.findProfile('ws', { external_id: 'u-1' }))?.attributes).toEqual({ n: 1 });
      expect(await store.findProfile('ws', { external_id: 'u-2' })).toBeUndefined();
      expect(await store.findProfilesByEmail('ws', 'two@example.com')).toEqual([]);
      expect(await store.countProfiles('ws')).toBe(1);
      expect(await messageIds(store, 'ws')).toEqual([]);
      expect(await store.getDispatch('ws', 'd-1')).toBeUndefined();
      expect(await store.listSendIds('ws')).toEqual([]);
      expect(await store.nextDueMs('ws')).toBeUndefined();
    });

    it('writes nothing when a save conflicts midway', async () => {
      const store = current();
      await save(store, 'ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1' }));
      const attempt = store.unit(async (tx) => {
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-2', external_id: 'u-2' }));
        await tx.appendMessages('ws', [makeMessage({ id: 'm-1' })], KEEP_ALL);
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-3', external_id: 'u-1' }));
      });
      await expect(attempt).rejects.toMatchObject(CONFLICT);
      expect(await store.countProfiles('ws')).toBe(1);
      expect(await messageIds(store, 'ws')).toEqual([]);
    });

    it('shows nothing of a unit to others until it commits', async () => {
      const store = current();
      const hold = gate();
      const written = gate();
      const unit = store.unit(async (tx) => {
        await tx.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { email: 'a@example.com' } }));
        await tx.appendMessages('ws', [makeMessage({ id: 'm-1' })], KEEP_ALL);
        written.open();
        await hold.opened;
      });
      await written.opened;
      expect(await store.findProfile('ws', { external_id: 'u-1' })).toBeUndefined();
      expect(await store.findProfilesByEmail('ws', 'a@example.com')).toEqual([]);
      expect(await messageIds(store, 'ws')).toEqual([]);
      expect(await store.unit((tx) => tx.findProfile('ws', { external_id: 'u-1' }))).toBeUndefined();
      hold.open();
      await unit;
      expect((await store.findProfile('ws', { external_id: 'u-1' }))?.braze_id).toBe('b-1');
      expect(await messageIds(store, 'ws')).toEqual(['m-1']);
    });

    it('returns what the unit returns', async () => {
      expect(await current().unit(async () => 42)).toBe(42);
    });
  });

  describe('locks', () => {
    it('lock blocks a second unit until the first ends, then hands the key over', async () => {
      const store = current();
      const events: string[] = [];
      const hold = gate();
      const locked = gate();
      const first = store.unit(async (tx) => {
        await tx.lock(['k-2', 'k-1']);
        expect(tx.holds('k-1') && tx.holds('k-2')).toBe(true);
        locked.open();
        await hold.opened;
        events.push('first ends');
      });
      await locked.opened;
      const second = store.unit(async (tx) => {
        await tx.lock(['k-1']);
        events.push('second holds');
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events).toEqual([]);
      hold.open();
      await Promise.all([first, second]);
      expect(events).toEqual(['first ends', 'second holds']);
    });

    it('tryLock never waits: false while another unit holds the key, true for a free or own key', async () => {
      const store = current();
      const hold = gate();
      const locked = gate();
      const first = store.unit(async (tx) => {
        await tx.lock(['busy']);
        expect(await tx.tryLock('busy')).toBe(true);
        locked.open();
        await hold.opened;
      });
      await locked.opened;
      await store.unit(async (tx) => {
        expect(await tx.tryLock('busy')).toBe(false);
        expect(tx.holds('busy')).toBe(false);
        expect(await tx.tryLock('free')).toBe(true);
        expect(tx.holds('free')).toBe(true);
      });
      hold.open();
      await first;
      expect(await store.unit((tx) => tx.tryLock('busy'))).toBe(true);
    });

    it('a unit that fails releases its locks', async () => {
      const store = current();
      await expect(
        store.unit(async (tx) => {
          await tx.lock(['k']);
          throw new Midway('boom');
        }),
      ).rejects.toBeInstanceOf(Midway);
      expect(await store.unit((tx) => tx.tryLock('k'))).toBe(true);
    });

    it('lets one unit at a time hold a key, however many want it', async () => {
      const store = current();
      let inside = 0;
      let most = 0;
      let done = 0;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.unit(async (tx) => {
            await tx.lock(['shared', `own-${i}`]);
            inside += 1;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, i % 3));
            inside -= 1;
            done += 1;
          }),
        ),
      );
      expect({ most, done }).toEqual({ most: 1, done: 20 });
    });
  });
}
