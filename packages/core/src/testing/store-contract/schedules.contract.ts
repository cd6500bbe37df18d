import { describe, expect, it } from 'vitest';
import type { ScheduleRecord } from '../../engine/ports/store.port';
import { type CurrentStore, inUnit, T0, T1 } from './fixtures';

/** A schedule record with its required fields filled in. */
export function makeSchedule(overrides: Partial<ScheduleRecord> & Pick<ScheduleRecord, 'schedule_id'>): ScheduleRecord {
  return {
    dispatch_id: `d-${overrides.schedule_id}`,
    campaign_id: 'c-1',
    state: 'scheduled',
    schedule: { time: '2026-01-02T09:00:00', in_local_time: true, at_optimal_time: false },
    first_moment: T0,
    last_moment: T1,
    created_at: T0,
    updated_at: T0,
    request: { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1' }], schedule: { time: '2026-01-02T09:00:00', in_local_time: true } },
    pending: 1,
    progress: { revision: 1, recipients: [], waiting: [{ index: 0, moment_ms: 1 }], done_profiles: [], planned_ms: 0 },
    ...overrides,
  };
}

/** Schedules (endpoints spec 5) and the order of due items of one time by kind (endpoints spec 2). */
export function describeScheduleContract(current: CurrentStore): void {
  describe('schedules', () => {
    it('round-trips a schedule exactly, replaces it in place and lists by creation with filters', async () => {
      const store = current();
      const first = makeSchedule({ schedule_id: 's-1' });
      const canvas = makeSchedule({ schedule_id: 's-2', canvas_id: 'cv-1', state: 'sending' });
      delete canvas.campaign_id;
      await inUnit(store, async (tx) => {
        await tx.saveSchedule('ws', first);
        await tx.saveSchedule('ws', canvas);
        // A unit reads its own writes.
        expect(await tx.getSchedule('ws', 's-2')).toEqual(canvas);
      });
      expect(await store.getSchedule('ws', 's-1')).toEqual(first);
      expect(await store.getSchedule('ws', 'nope')).toBeUndefined();
      expect(await store.getSchedule('other', 's-1')).toBeUndefined();
      const replaced = { ...first, state: 'deleted' as const, pending: 0, updated_at: T1 };
      await inUnit(store, (tx) => tx.saveSchedule('ws', replaced));
      const ids = async (filter: Parameters<typeof store.listSchedules>[1]) => (await store.listSchedules('ws', filter)).map((s) => s.schedule_id);
      expect(await store.listSchedules('ws', {})).toEqual([replaced, canvas]);
      expect(await ids({ campaign_id: 'c-1' })).toEqual(['s-1']);
      expect(await ids({ canvas_id: 'cv-1' })).toEqual(['s-2']);
      expect(await ids({ state: 'sending' })).toEqual(['s-2']);
      expect(await ids({ state: 'deleted', campaign_id: 'c-1' })).toEqual(['s-1']);
      expect(await ids({ state: 'completed' })).toEqual([]);
      expect(await store.listSchedules('other', {})).toEqual([]);
    });

    it('writes nothing when the unit rejects, and reset clears schedules', async () => {
      const store = current();
      await expect(
        store.unit(async (tx) => {
          await tx.saveSchedule('ws', makeSchedule({ schedule_id: 's-1' }));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.getSchedule('ws', 's-1')).toBeUndefined();
      await inUnit(store, (tx) => tx.saveSchedule('ws', makeSchedule({ schedule_id: 's-2' })));
      await inUnit(store, (tx) => tx.saveSchedule('kept', makeSchedule({ schedule_id: 's-2' })));
      await inUnit(store, async (tx) => {
        await tx.resetWorkspace('ws', []);
        expect(await tx.getSchedule('ws', 's-2')).toBeUndefined();
      });
      expect(await store.listSchedules('ws', {})).toEqual([]);
      expect(await store.getSchedule('kept', 's-2')).toBeDefined();
    });

    it('lists due items of one time writes first, then schedule moments, each in creation order', async () => {
      const store = current();
      await inUnit(store, async (tx) => {
        await tx.addDueItem('ws', { kind: 'schedule_moment', due_ms: 100, payload: { n: 'moment-1' } });
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 100, payload: { n: 'write-1' } });
        await tx.addDueItem('ws', { kind: 'schedule_moment', due_ms: 50, payload: { n: 'early-moment' } });
      });
      await inUnit(store, (tx) => tx.addDueItem('ws', { kind: 'users_track', due_ms: 100, payload: { n: 'write-2' } }));
      const due = await store.listDue('ws', 100, 10);
      expect(due.map((item) => [item.kind, (item.payload as { n: string }).n])).toEqual([
        ['schedule_moment', 'early-moment'],
        ['users_track', 'write-1'],
        ['users_track', 'write-2'],
        ['schedule_moment', 'moment-1'],
      ]);
      expect(await store.nextDueMs('ws')).toBe(50);
    });
  });
}
