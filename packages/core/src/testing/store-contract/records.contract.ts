import { describe, expect, it } from 'vitest';
import type { DispatchRecord, MessageRecord } from '../../schema/responses.schema';
import { type CurrentStore, inUnit, KEEP_ALL, makeMessage, makeProfile, messageIds, save, scanAll, T0, T1 } from './fixtures';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

/** Messages, dispatches, send ids and due items: ordering, filters, paging, retention; workspaces and reset. */
export function describeRecordContract(current: CurrentStore): void {
  const append = (workspace: string, messages: MessageRecord[], keepNewest = KEEP_ALL.keepNewest) =>
    current().unit((tx) => tx.appendMessages(workspace, messages, { keepNewest }));

  describe('messages', () => {
    it('lists messages oldest first and filters on every field', async () => {
      const store = current();
      await append('ws', [
        makeMessage({ id: 'm-1', dispatch_id: 'd-1', send_id: 's-1', campaign_id: 'c-1' }),
        makeMessage({ id: 'm-2', dispatch_id: 'd-2', campaign_id: 'c-2', recipient: { external_user_id: 'u-2', braze_id: 'b-2' } }),
      ]);
      const canvasMessage = makeMessage({ id: 'm-3', dispatch_id: 'd-3', channel: 'push', content: { title: 't', body: 'b' } });
      delete canvasMessage.campaign_id;
      canvasMessage.canvas_id = 'cv-1';
      await append('ws', [canvasMessage]);
      expect(await messageIds(store, 'ws')).toEqual(['m-1', 'm-2', 'm-3']);
      expect(await messageIds(store, 'ws', { campaign_id: 'c-1' })).toEqual(['m-1']);
      expect(await messageIds(store, 'ws', { canvas_id: 'cv-1' })).toEqual(['m-3']);
      expect(await messageIds(store, 'ws', { external_user_id: 'u-2' })).toEqual(['m-2']);
      expect(await messageIds(store, 'ws', { dispatch_id: 'd-3' })).toEqual(['m-3']);
      expect(await messageIds(store, 'ws', { send_id: 's-1' })).toEqual(['m-1']);
      expect(await messageIds(store, 'ws', { campaign_id: 'c-1', external_user_id: 'u-2' })).toEqual([]);
      expect(await messageIds(store, 'ws', { campaign_id: 'c-1', external_user_id: 'u-1' })).toEqual(['m-1']);
      expect(await messageIds(store, 'ws', { campaign_id: 'nope' })).toEqual([]);
    });

    it('filters on source (a message without one is a trigger) and schedule_id', async () => {
      const store = current();
      const legacy = makeMessage({ id: 'm-1' }) as Partial<MessageRecord> & Pick<MessageRecord, 'id'>;
      delete legacy.source;
      await append('ws', [
        legacy as MessageRecord,
        makeMessage({ id: 'm-2', source: 'schedule', schedule_id: 'sch-1' }),
        makeMessage({ id: 'm-3', source: 'transactional', external_send_id: 'o-1' }),
        makeMessage({ id: 'm-4', source: 'schedule', schedule_id: 'sch-2' }),
      ]);
      expect(await messageIds(store, 'ws', { source: 'trigger' })).toEqual(['m-1']);
      expect(await messageIds(store, 'ws', { source: 'schedule' })).toEqual(['m-2', 'm-4']);
      expect(await messageIds(store, 'ws', { source: 'transactional' })).toEqual(['m-3']);
      expect(await messageIds(store, 'ws', { source: 'messages_send' })).toEqual([]);
      expect(await messageIds(store, 'ws', { schedule_id: 'sch-2' })).toEqual(['m-4']);
      expect(await messageIds(store, 'ws', { schedule_id: 'sch-2', source: 'trigger' })).toEqual([]);
    });

    it('round-trips a message exactly', async () => {
      const store = current();
      const message = makeMessage({
        id: 'm-1',
        send_id: 's-1',
        recipient: { user_alias: { alias_name: 'a', alias_label: 'l' }, braze_id: 'b-1' },
        trigger_properties: { order: { id: 7, items: ['x'] } },
        attachments: [{ file_name: 'a.pdf', url: 'https://example.com/a.pdf' }],
      });
      await append('ws', [message]);
      expect(await store.listMessages('ws', { limit: 10 })).toEqual({ messages: [message], more: false });
    });

    it('pages by limit and cursor, in either order, with or without filters', async () => {
      const store = current();
      const messages = Array.from({ length: 7 }, (_, i) => makeMessage({ id: `m-${i}`, campaign_id: i % 2 === 0 ? 'even' : 'odd', sent_at: at(i) }));
      await append('ws', messages.slice(0, 4));
      await append('ws', messages.slice(4));
      expect(await store.listMessages('ws', { limit: 3 })).toMatchObject({ more: true, messages: [{ id: 'm-0' }, { id: 'm-1' }, { id: 'm-2' }] });
      expect(await messageIds(store, 'ws', { after: 'm-2', limit: 3 })).toEqual(['m-3', 'm-4', 'm-5']);
      expect(await store.listMessages('ws', { after: 'm-3', limit: 3 })).toMatchObject({ more: false });
      expect(await messageIds(store, 'ws', { before: 'm-3' })).toEqual(['m-0', 'm-1', 'm-2']);
      expect(await messageIds(store, 'ws', { order: 'newest', limit: 2 })).toEqual(['m-6', 'm-5']);
      expect(await messageIds(store, 'ws', { order: 'newest', before: 'm-5', limit: 2 })).toEqual(['m-4', 'm-3']);
      expect(await messageIds(store, 'ws', { order: 'newest', after: 'm-4' })).toEqual(['m-6', 'm-5']);
      expect(await messageIds(store, 'ws', { campaign_id: 'even', after: 'm-1', limit: 2 })).toEqual(['m-2', 'm-4']);
      expect(await store.listMessages('ws', { campaign_id: 'even', after: 'm-1', limit: 2 })).toMatchObject({ more: true });
      expect(await messageIds(store, 'ws', { campaign_id: 'odd', order: 'newest' })).toEqual(['m-5', 'm-3', 'm-1']);
      expect(await messageIds(store, 'ws', { sinceMs: Date.parse(at(5)) })).toEqual(['m-5', 'm-6']);
      expect(await messageIds(store, 'ws', { sinceMs: Date.parse(at(5)) + 1 })).toEqual(['m-6']);
      expect(await messageIds(store, 'ws', { sinceMs: Date.parse(at(99)) })).toEqual([]);
      expect(await messageIds(store, 'ws', { campaign_id: 'odd', sinceMs: Date.parse(at(2)) })).toEqual(['m-3', 'm-5']);
    });

    it('rejects a cursor it does not hold', async () => {
      const store = current();
      await append('ws', [makeMessage({ id: 'm-1' })]);
      await expect(store.listMessages('ws', { after: 'nope', limit: 10 })).rejects.toMatchObject({ name: 'UnknownCursorError', cursor: 'nope' });
      await expect(store.listMessages('ws', { before: 'nope', limit: 10 })).rejects.toMatchObject({ name: 'UnknownCursorError' });
    });

    it('keeps the newest messages of a workspace, dropping the oldest first, filters included', async () => {
      const store = current();
      await append('ws', [makeMessage({ id: 'm-1', dispatch_id: 'd-1' }), makeMessage({ id: 'm-2', dispatch_id: 'd-2' })], 3);
      await append('other', [makeMessage({ id: 'm-1' })], 3);
      await append('ws', [makeMessage({ id: 'm-3', dispatch_id: 'd-3' }), makeMessage({ id: 'm-4', dispatch_id: 'd-3' }), makeMessage({ id: 'm-5', dispatch_id: 'd-5' })], 3);
      expect(await messageIds(store, 'ws')).toEqual(['m-3', 'm-4', 'm-5']);
      expect(await messageIds(store, 'ws', { dispatch_id: 'd-1' })).toEqual([]);
      expect(await messageIds(store, 'ws', { dispatch_id: 'd-3' })).toEqual(['m-3', 'm-4']);
      expect(await messageIds(store, 'ws', { campaign_id: 'c-1' })).toEqual(['m-3', 'm-4', 'm-5']);
      await expect(store.listMessages('ws', { after: 'm-1', limit: 10 })).rejects.toMatchObject({ name: 'UnknownCursorError' });
      expect(await messageIds(store, 'other')).toEqual(['m-1']);
      await append('ws', Array.from({ length: 10 }, (_, i) => makeMessage({ id: `n-${i}` })), 4);
      expect(await messageIds(store, 'ws')).toEqual(['n-6', 'n-7', 'n-8', 'n-9']);
    });
  });

  describe('dispatches and send ids', () => {
    const dispatch = (id: string): DispatchRecord => ({ dispatch_id: id, campaign_id: 'c-1', recipients: [] });

    it('saves, replaces and reads dispatch records', async () => {
      const store = current();
      const record: DispatchRecord = {
        dispatch_id: 'd-1',
        campaign_id: 'c-1',
        recipients: [
          { index: 0, identifier: { external_user_id: 'u-1' }, outcome: 'sent', created: true, message_id: 'm-1' },
          { index: 1, identifier: { external_user_id: 'u-1' }, outcome: 'skipped', reason: 'duplicate', created: false },
        ],
      };
      await inUnit(store, (tx) => tx.saveDispatch('ws', record, KEEP_ALL));
      expect(await store.getDispatch('ws', 'd-1')).toEqual(record);
      await inUnit(store, (tx) => tx.saveDispatch('ws', { ...record, recipients: [] }, KEEP_ALL));
      expect((await store.getDispatch('ws', 'd-1'))?.recipients).toEqual([]);
      expect(await store.getDispatch('ws', 'd-2')).toBeUndefined();
    });

    it('keeps the newest dispatch records of a workspace', async () => {
      const store = current();
      for (const id of ['d-1', 'd-2', 'd-3', 'd-4']) await inUnit(store, (tx) => tx.saveDispatch('ws', dispatch(id), { keepNewest: 2 }));
      await inUnit(store, (tx) => tx.saveDispatch('other', dispatch('d-1'), { keepNewest: 2 }));
      expect(await store.getDispatch('ws', 'd-1')).toBeUndefined();
      expect(await store.getDispatch('ws', 'd-2')).toBeUndefined();
      expect(await store.getDispatch('ws', 'd-3')).toEqual(dispatch('d-3'));
      expect(await store.getDispatch('ws', 'd-4')).toEqual(dispatch('d-4'));
      expect(await store.getDispatch('other', 'd-1')).toEqual(dispatch('d-1'));
    });

    it('records send ids, repeats allowed', async () => {
      const store = current();
      await inUnit(store, (tx) => tx.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 }));
      await inUnit(store, (tx) => tx.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: T1 }));
      expect(await store.listSendIds('ws')).toEqual([
        { send_id: 's-1', campaign_id: 'c-1', created_at: T0 },
        { send_id: 's-1', campaign_id: 'c-1', created_at: T1 },
      ]);
    });
  });

  describe('due items', () => {
    it('lists due items by due time then creation, up to a time and a count', async () => {
      const store = current();
      await inUnit(store, async (tx) => {
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 300, payload: { n: 'late' } });
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 100, payload: { n: 'first' } });
        await tx.addDueItem('ws', { kind: 'users_track', due_ms: 200, payload: { n: 'tie-1' } });
      });
      await inUnit(store, (tx) => tx.addDueItem('ws', { kind: 'users_track', due_ms: 200, payload: { n: 'tie-2', nested: [{ a: null }] } }));
      expect(await store.nextDueMs('ws')).toBe(100);
      const due = await store.listDue('ws', 200, 10);
      expect(due.map((item) => item.payload)).toEqual([{ n: 'first' }, { n: 'tie-1' }, { n: 'tie-2', nested: [{ a: null }] }]);
      expect(new Set(due.map((item) => item.id)).size).toBe(3);
      expect(due[0]).toMatchObject({ kind: 'users_track', due_ms: 100 });
      expect((await store.listDue('ws', 200, 2)).map((item) => item.payload)).toEqual([{ n: 'first' }, { n: 'tie-1' }]);
      expect(await store.listDue('ws', 99, 10)).toEqual([]);
      expect(await store.listDue('other', 1_000, 10)).toEqual([]);
    });

    it('deletes a due item once: the second delete finds it gone', async () => {
      const store = current();
      await inUnit(store, (tx) => tx.addDueItem('ws', { kind: 'users_track', due_ms: 5, payload: {} }));
      const [item] = await store.listDue('ws', 5, 1);
      expect(await inUnit(store, (tx) => tx.deleteDueItem('ws', item!.id))).toBe(true);
      expect(await inUnit(store, (tx) => tx.deleteDueItem('ws', item!.id))).toBe(false);
      expect(await store.nextDueMs('ws')).toBeUndefined();
    });
  });

  describe('workspaces and reset', () => {
    it('isolates workspaces: the same identifiers live independently', async () => {
      const store = current();
      await save(store, 'a', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { ws: 'a', email: 'x@example.com', phone: '+1' } }));
      await save(store, 'b', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { ws: 'b', email: 'x@example.com', phone: '+1' } }));
      await append('a', [makeMessage({ id: 'm-1' })]);
      await inUnit(store, async (tx) => {
        await tx.saveDispatch('a', { dispatch_id: 'd-1', recipients: [] }, KEEP_ALL);
        await tx.saveSendId('a', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 });
        await tx.addDueItem('a', { kind: 'users_track', due_ms: 1, payload: {} });
      });
      expect((await store.findProfile('a', { external_id: 'u-1' }))?.attributes['ws']).toBe('a');
      expect((await store.findProfile('b', { external_id: 'u-1' }))?.attributes['ws']).toBe('b');
      expect((await store.findProfilesByEmail('b', 'x@example.com')).map((p) => p.attributes['ws'])).toEqual(['b']);
      expect((await store.findProfilesByPhone('b', '+1')).map((p) => p.attributes['ws'])).toEqual(['b']);
      expect(await messageIds(store, 'b')).toEqual([]);
      expect(await store.getDispatch('b', 'd-1')).toBeUndefined();
      expect(await store.listSendIds('b')).toEqual([]);
      expect(await store.nextDueMs('b')).toBeUndefined();
    });

    it('reset empties one workspace, due items included, and saves the seeds in order, leaving others alone', async () => {
      const store = current();
      await save(store, 'a', makeProfile({ braze_id: 'b-x', external_id: 'u-x', attributes: { email: 'x@example.com', phone: '+9' } }));
      await append('a', [makeMessage({ id: 'm-1' })]);
      await inUnit(store, async (tx) => {
        await tx.saveDispatch('a', { dispatch_id: 'd-1', recipients: [] }, KEEP_ALL);
        await tx.saveSendId('a', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 });
        await tx.addDueItem('a', { kind: 'users_track', due_ms: 1, payload: {} });
      });
      await save(store, 'b', makeProfile({ braze_id: 'b-x', external_id: 'u-x' }));
      await append('b', [makeMessage({ id: 'm-1' })]);

      const seeds = [makeProfile({ braze_id: 'b-2', external_id: 'u-2' }), makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { email: 's@example.com', phone: '+4' } })];
      await inUnit(store, (tx) => tx.resetWorkspace('a', seeds));

      expect((await scanAll(store, 'a')).map((p) => p.braze_id)).toEqual(['b-2', 'b-1']);
      expect(await store.findProfile('a', { external_id: 'u-x' })).toBeUndefined();
      expect(await store.findProfilesByEmail('a', 'x@example.com')).toEqual([]);
      expect(await store.findProfilesByPhone('a', '+9')).toEqual([]);
      expect((await store.findProfilesByEmail('a', 's@example.com')).map((p) => p.braze_id)).toEqual(['b-1']);
      expect((await store.findProfilesByPhone('a', '+4')).map((p) => p.braze_id)).toEqual(['b-1']);
      expect(await messageIds(store, 'a')).toEqual([]);
      expect(await store.getDispatch('a', 'd-1')).toBeUndefined();
      expect(await store.listSendIds('a')).toEqual([]);
      expect(await store.nextDueMs('a')).toBeUndefined();
      expect(await store.countProfiles('b')).toBe(1);
      expect(await messageIds(store, 'b')).toHaveLength(1);
      // Counting starts again: retention of the fresh workspace works from zero.
      await append('a', [makeMessage({ id: 'm-2' }), makeMessage({ id: 'm-3' })], 2);
      expect(await messageIds(store, 'a')).toEqual(['m-2', 'm-3']);
    });

    it('reset with an empty seed list leaves an empty workspace', async () => {
      const store = current();
      await save(store, 'a', makeProfile({ braze_id: 'b-1' }));
      await inUnit(store, (tx) => tx.resetWorkspace('a', []));
      expect(await store.countProfiles('a')).toBe(0);
    });
  });
}
