import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/engine.types';
import type { ProfileRecord, Store } from '../engine/ports/store.port';
import { validateMockServerConfig } from '../rules/request-validation/mock-config.validation';
import type { DispatchRecord, MessageRecord } from '../schema/responses.schema';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
/** Matched by name, not `instanceof`: the built `testing` entry and the main entry may each carry their own copy of the class. */
const CONFLICT = { name: 'StoreConflictError' };

/** A profile record with sensible defaults, for store tests. */
export function makeProfile(overrides: Partial<ProfileRecord> & Pick<ProfileRecord, 'braze_id'>): ProfileRecord {
  return { user_aliases: [], attributes: {}, events: {}, purchases: {}, created_at: T0, updated_at: T0, ...overrides };
}

function makeMessage(overrides: Partial<MessageRecord> & Pick<MessageRecord, 'id'>): MessageRecord {
  return {
    dispatch_id: 'd-1',
    campaign_id: 'c-1',
    channel: 'email',
    recipient: { external_user_id: 'u-1', braze_id: 'b-1' },
    content: { subject: 'Hi', body: 'Hello' },
    trigger_properties: {},
    sent_at: T0,
    ...overrides,
  };
}

async function collect(iterable: AsyncIterable<ProfileRecord>): Promise<ProfileRecord[]> {
  const items: ProfileRecord[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * The behaviour every `Store` must have, as a vitest suite. Run it against your implementation:
 *
 * @example
 * import { describeStoreContract } from '@triggerkit/core/testing';
 * describeStoreContract('sqlite', () => createSqliteStore(':memory:'));
 */
export function describeStoreContract(name: string, createStore: () => Promise<Store> | Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('profiles', () => {
      it('finds a saved profile by external_id, braze_id and each alias', async () => {
        const alias = { alias_name: 'n-1', alias_label: 'crm' };
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias], attributes: { first_name: 'Ann' } }));
        for (const ref of [{ external_id: 'u-1' }, { braze_id: 'b-1' }, { user_alias: { ...alias } }]) {
          const found = await store.findProfile('ws', ref);
          expect(found?.braze_id).toBe('b-1');
          expect(found?.attributes).toEqual({ first_name: 'Ann' });
        }
      });

      it('returns undefined for unknown identifiers', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'n', alias_label: 'l' }] }));
        expect(await store.findProfile('ws', { external_id: 'u-2' })).toBeUndefined();
        expect(await store.findProfile('ws', { braze_id: 'b-2' })).toBeUndefined();
        expect(await store.findProfile('ws', { user_alias: { alias_name: 'l', alias_label: 'n' } })).toBeUndefined();
      });

      it('round-trips every record field, including nested values, events and purchases', async () => {
        const profile = makeProfile({
          braze_id: 'b-1',
          external_id: 'u-1',
          user_aliases: [{ alias_name: 'a', alias_label: 'b' }],
          attributes: { n: 1.5, flag: false, none: null, list: ['x', 'y'], nested: { deep: { k: [{ id: 1 }] } }, when: '2024-05-01T10:00:00Z' },
          events: { login: { count: 2, first_time: T0, last_time: T1 } },
          purchases: { sku: { count: 1, first_time: T1, last_time: T1 } },
          created_at: T0,
          updated_at: '2026-01-02T03:04:05.678+02:00',
        });
        await store.saveProfile('ws', profile);
        expect(await store.findProfile('ws', { braze_id: 'b-1' })).toEqual(profile);
      });

      it('keeps __proto__, constructor and prototype as ordinary attribute keys', async () => {
        const attributes = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "prototype": 1}') as Record<string, unknown>;
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes }));
        const found = await store.findProfile('ws', { braze_id: 'b-1' });
        expect(Object.keys(found?.attributes ?? {}).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
        expect(Object.getOwnPropertyDescriptor(found?.attributes, '__proto__')?.value).toEqual({ polluted: true });
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      });

      it('copies in and out: mutating what was saved or returned changes nothing stored', async () => {
        const profile = makeProfile({ braze_id: 'b-1', attributes: { list: ['a'] } });
        await store.saveProfile('ws', profile);
        (profile.attributes['list'] as string[]).push('mutated');
        const first = await store.findProfile('ws', { braze_id: 'b-1' });
        first!.attributes['extra'] = true;
        expect((await store.findProfile('ws', { braze_id: 'b-1' }))?.attributes).toEqual({ list: ['a'] });
      });

      it('replaces by braze_id and moves the indexes with the record', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [{ alias_name: 'a', alias_label: 'l' }], attributes: { email: 'old@example.com' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-9', user_aliases: [{ alias_name: 'b', alias_label: 'l' }], attributes: { email: 'new@example.com' } }));
        expect(await store.countProfiles('ws')).toBe(1);
        expect(await store.findProfile('ws', { external_id: 'u-1' })).toBeUndefined();
        expect((await store.findProfile('ws', { external_id: 'u-9' }))?.braze_id).toBe('b-1');
        expect(await store.findProfile('ws', { user_alias: { alias_name: 'a', alias_label: 'l' } })).toBeUndefined();
        expect((await store.findProfile('ws', { user_alias: { alias_name: 'b', alias_label: 'l' } }))?.braze_id).toBe('b-1');
        expect(await store.findProfilesByEmail('ws', 'old@example.com')).toEqual([]);
        expect((await store.findProfilesByEmail('ws', 'new@example.com')).map((p) => p.braze_id)).toEqual(['b-1']);
      });

      it('rejects an external_id or alias that belongs to another profile, leaving both unchanged', async () => {
        const alias = { alias_name: 'a', alias_label: 'l' };
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', external_id: 'u-1', user_aliases: [alias] }));
        await expect(store.saveProfile('ws', makeProfile({ braze_id: 'b-2', external_id: 'u-1' }))).rejects.toMatchObject(CONFLICT);
        await expect(store.saveProfile('ws', makeProfile({ braze_id: 'b-2', user_aliases: [alias] }))).rejects.toMatchObject(CONFLICT);
        expect(await store.countProfiles('ws')).toBe(1);
        expect((await store.findProfile('ws', { external_id: 'u-1' }))?.braze_id).toBe('b-1');
        expect(await store.findProfile('ws', { braze_id: 'b-2' })).toBeUndefined();
      });

      it('distinguishes aliases by both name and label', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', user_aliases: [{ alias_name: 'ab', alias_label: 'c' }] }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-2', user_aliases: [{ alias_name: 'b', alias_label: 'ca' }, { alias_name: 'c', alias_label: 'ab' }] }));
        expect((await store.findProfile('ws', { user_alias: { alias_name: 'ab', alias_label: 'c' } }))?.braze_id).toBe('b-1');
        expect((await store.findProfile('ws', { user_alias: { alias_name: 'b', alias_label: 'ca' } }))?.braze_id).toBe('b-2');
      });

      it('finds every profile with an email, case-insensitively, oldest first', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'Ann@Example.com' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-2', attributes: { email: 'other@example.com' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-3', external_id: 'u-3', attributes: { email: 'ann@example.com' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'ann@example.com', first_name: 'Ann' } }));
        const found = await store.findProfilesByEmail('ws', 'ANN@example.com');
        expect(found.map((p) => p.braze_id)).toEqual(['b-1', 'b-3']);
        expect(await store.findProfilesByEmail('ws', 'nobody@example.com')).toEqual([]);
      });

      it('removes a profile from the email index when its email is removed', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { email: 'a@example.com' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: {} }));
        expect(await store.findProfilesByEmail('ws', 'a@example.com')).toEqual([]);
      });

      // Spec 8, Rev 2: a /users/track item may name its user by phone, matched as the exact string.
      it('finds every profile with a phone, by its exact text, oldest first, per workspace', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { phone: '+15555550100' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-2', attributes: { phone: '+1 555 555 0100' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-3', external_id: 'u-3', attributes: { phone: '+15555550100' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { phone: '+15555550100', first_name: 'Pat' } }));
        await store.saveProfile('other', makeProfile({ braze_id: 'b-9', attributes: { phone: '+15555550100' } }));
        const found = await store.findProfilesByPhone('ws', '+15555550100');
        expect(found.map((p) => p.braze_id)).toEqual(['b-1', 'b-3']);
        expect(found[0]?.attributes).toEqual({ phone: '+15555550100', first_name: 'Pat' });
        expect((await store.findProfilesByPhone('ws', '+1 555 555 0100')).map((p) => p.braze_id)).toEqual(['b-2']);
        expect(await store.findProfilesByPhone('ws', '15555550100')).toEqual([]);
        expect(await store.findProfilesByPhone('ws', '')).toEqual([]);
      });

      it('moves a profile in the phone index when its phone changes or is removed, and forgets it on reset', async () => {
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { phone: '+1' } }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { phone: '+2' } }));
        expect(await store.findProfilesByPhone('ws', '+1')).toEqual([]);
        expect((await store.findProfilesByPhone('ws', '+2')).map((p) => p.braze_id)).toEqual(['b-1']);
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-1', attributes: { phone: 7 } }));
        expect(await store.findProfilesByPhone('ws', '+2')).toEqual([]);
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-2', attributes: { phone: '+3' } }));
        await store.reset('ws', [makeProfile({ braze_id: 's-1', attributes: { phone: '+4' } })]);
        expect(await store.findProfilesByPhone('ws', '+3')).toEqual([]);
        expect((await store.findProfilesByPhone('ws', '+4')).map((p) => p.braze_id)).toEqual(['s-1']);
      });

      it('scans every profile in insertion order, replacements keeping their place', async () => {
        for (const id of ['b-3', 'b-1', 'b-2']) await store.saveProfile('ws', makeProfile({ braze_id: id }));
        await store.saveProfile('ws', makeProfile({ braze_id: 'b-3', attributes: { changed: true } }));
        const scanned = await collect(store.scanProfiles('ws'));
        expect(scanned.map((p) => p.braze_id)).toEqual(['b-3', 'b-1', 'b-2']);
        expect(scanned[0]?.attributes).toEqual({ changed: true });
        expect(await store.countProfiles('ws')).toBe(3);
      });

      it('treats a workspace never written to as empty', async () => {
        expect(await store.countProfiles('nowhere')).toBe(0);
        expect(await collect(store.scanProfiles('nowhere'))).toEqual([]);
        expect(await store.findProfile('nowhere', { external_id: 'u-1' })).toBeUndefined();
        expect(await store.findProfilesByEmail('nowhere', 'a@example.com')).toEqual([]);
        expect(await store.listMessages('nowhere')).toEqual([]);
        expect(await store.getDispatch('nowhere', 'd-1')).toBeUndefined();
        expect(await store.listSendIds('nowhere')).toEqual([]);
      });
    });

    describe('messages, dispatches and send ids', () => {
      it('lists messages oldest first and filters on every field', async () => {
        await store.appendMessages('ws', [
          makeMessage({ id: 'm-1', dispatch_id: 'd-1', send_id: 's-1', campaign_id: 'c-1' }),
          makeMessage({ id: 'm-2', dispatch_id: 'd-2', campaign_id: 'c-2', recipient: { external_user_id: 'u-2', braze_id: 'b-2' } }),
        ]);
        const canvasMessage = makeMessage({ id: 'm-3', dispatch_id: 'd-3', channel: 'push', content: { title: 't', body: 'b' } });
        delete canvasMessage.campaign_id;
        canvasMessage.canvas_id = 'cv-1';
        await store.appendMessages('ws', [canvasMessage]);
        const ids = async (filter?: Parameters<Store['listMessages']>[1]) => (await store.listMessages('ws', filter)).map((m) => m.id);
        expect(await ids()).toEqual(['m-1', 'm-2', 'm-3']);
        expect(await ids({ campaign_id: 'c-1' })).toEqual(['m-1']);
        expect(await ids({ canvas_id: 'cv-1' })).toEqual(['m-3']);
        expect(await ids({ external_user_id: 'u-2' })).toEqual(['m-2']);
        expect(await ids({ dispatch_id: 'd-3' })).toEqual(['m-3']);
        expect(await ids({ send_id: 's-1' })).toEqual(['m-1']);
        expect(await ids({ campaign_id: 'c-1', external_user_id: 'u-2' })).toEqual([]);
      });

      it('round-trips a message exactly', async () => {
        const message = makeMessage({
          id: 'm-1',
          send_id: 's-1',
          recipient: { user_alias: { alias_name: 'a', alias_label: 'l' }, braze_id: 'b-1' },
          trigger_properties: { order: { id: 7, items: ['x'] } },
          attachments: [{ file_name: 'a.pdf', url: 'https://example.com/a.pdf' }],
        });
        await store.appendMessages('ws', [message]);
        expect(await store.listMessages('ws')).toEqual([message]);
      });

      it('saves, replaces and reads dispatch records', async () => {
        const dispatch: DispatchRecord = {
          dispatch_id: 'd-1',
          campaign_id: 'c-1',
          recipients: [
            { index: 0, identifier: { external_user_id: 'u-1' }, outcome: 'sent', created: true, message_id: 'm-1' },
            { index: 1, identifier: { external_user_id: 'u-1' }, outcome: 'skipped', reason: 'duplicate', created: false },
          ],
        };
        await store.saveDispatch('ws', dispatch);
        expect(await store.getDispatch('ws', 'd-1')).toEqual(dispatch);
        await store.saveDispatch('ws', { ...dispatch, recipients: [] });
        expect((await store.getDispatch('ws', 'd-1'))?.recipients).toEqual([]);
        expect(await store.getDispatch('ws', 'd-2')).toBeUndefined();
      });

      it('records send ids, repeats allowed', async () => {
        await store.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 });
        await store.saveSendId('ws', { send_id: 's-1', campaign_id: 'c-1', created_at: T1 });
        expect(await store.listSendIds('ws')).toEqual([
          { send_id: 's-1', campaign_id: 'c-1', created_at: T0 },
          { send_id: 's-1', campaign_id: 'c-1', created_at: T1 },
        ]);
      });
    });

    describe('workspaces and reset', () => {
      it('isolates workspaces: the same identifiers live independently', async () => {
        await store.saveProfile('a', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { ws: 'a', email: 'x@example.com' } }));
        await store.saveProfile('b', makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { ws: 'b', email: 'x@example.com' } }));
        await store.appendMessages('a', [makeMessage({ id: 'm-1' })]);
        await store.saveDispatch('a', { dispatch_id: 'd-1', recipients: [] });
        await store.saveSendId('a', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 });
        expect((await store.findProfile('a', { external_id: 'u-1' }))?.attributes['ws']).toBe('a');
        expect((await store.findProfile('b', { external_id: 'u-1' }))?.attributes['ws']).toBe('b');
        expect((await store.findProfilesByEmail('b', 'x@example.com')).map((p) => p.attributes['ws'])).toEqual(['b']);
        expect(await store.listMessages('b')).toEqual([]);
        expect(await store.getDispatch('b', 'd-1')).toBeUndefined();
        expect(await store.listSendIds('b')).toEqual([]);
      });

      it('reset empties one workspace and saves the seeds in order, leaving others alone', async () => {
        await store.saveProfile('a', makeProfile({ braze_id: 'b-x', external_id: 'u-x', attributes: { email: 'x@example.com' } }));
        await store.appendMessages('a', [makeMessage({ id: 'm-1' })]);
        await store.saveDispatch('a', { dispatch_id: 'd-1', recipients: [] });
        await store.saveSendId('a', { send_id: 's-1', campaign_id: 'c-1', created_at: T0 });
        await store.saveProfile('b', makeProfile({ braze_id: 'b-x', external_id: 'u-x' }));
        await store.appendMessages('b', [makeMessage({ id: 'm-1' })]);

        const seeds = [makeProfile({ braze_id: 'b-2', external_id: 'u-2' }), makeProfile({ braze_id: 'b-1', external_id: 'u-1', attributes: { email: 's@example.com' } })];
        await store.reset('a', seeds);

        expect((await collect(store.scanProfiles('a'))).map((p) => p.braze_id)).toEqual(['b-2', 'b-1']);
        expect(await store.findProfile('a', { external_id: 'u-x' })).toBeUndefined();
        expect(await store.findProfilesByEmail('a', 'x@example.com')).toEqual([]);
        expect((await store.findProfilesByEmail('a', 's@example.com')).map((p) => p.braze_id)).toEqual(['b-1']);
        expect(await store.listMessages('a')).toEqual([]);
        expect(await store.getDispatch('a', 'd-1')).toBeUndefined();
        expect(await store.listSendIds('a')).toEqual([]);
        expect(await store.countProfiles('b')).toBe(1);
        expect(await store.listMessages('b')).toHaveLength(1);
      });

      it('reset with an empty seed list leaves an empty workspace', async () => {
        await store.saveProfile('a', makeProfile({ braze_id: 'b-1' }));
        await store.reset('a', []);
        expect(await store.countProfiles('a')).toBe(0);
      });
    });

    describe('under the engine: per-profile atomicity (spec 3.3)', () => {
      const campaign = {
        id: 'order-confirmation',
        channel: 'email',
        message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name}}}' },
      };
      const engineOver = (users: unknown[] = []): Engine => {
        const config = validateMockServerConfig({
          workspaces: [{ name: 'ws', api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send'] }], campaigns: [campaign], users }],
        });
        if (!config.ok) throw new Error(config.errors.join('\n'));
        return createEngine({ config: config.value, store });
      };

      it('50 concurrent create-and-send requests for one new user make one profile and 50 messages, each with its own first_name', async () => {
        const engine = engineOver();
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            engine.triggerCampaign('ws', {
              campaign_id: campaign.id,
              trigger_properties: { order_id: `order-${i}` },
              recipients: [{ external_user_id: 'racer', send_to_existing_only: false, attributes: { email: 'racer@example.com', first_name: `Name-${i}` } }],
            }),
          ),
        );
        const dispatches = await Promise.all(responses.map((r) => engine.getDispatch('ws', r.dispatch_id)));
        expect(dispatches.filter((d) => d.recipients[0]?.created)).toHaveLength(1);
        expect(dispatches.every((d) => d.recipients[0]?.outcome === 'sent')).toBe(true);
        expect(await store.countProfiles('ws')).toBe(1);

        const { messages } = await engine.listMessages('ws');
        expect(messages).toHaveLength(50);
        expect(new Set(messages.map((m) => m.recipient.braze_id)).size).toBe(1);
        for (const message of messages) {
          const order = message.trigger_properties['order_id'] as string;
          expect(message.content).toEqual({ subject: `Order ${order}`, body: `Hi Name-${order.slice('order-'.length)}` });
        }
        await engine.close();
      });

      it('serialises requests naming one profile by different identifiers (no lost update)', async () => {
        const alias = { alias_name: 'a', alias_label: 'l' };
        const engine = engineOver([{ external_id: 'u-1', braze_id: 'b-1', user_aliases: [alias], attributes: { email: 'a@example.com', n: 0 } }]);
        const identifiers = [{ external_user_id: 'u-1' }, { braze_id: 'b-1' }, { user_alias: alias }];
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            engine.triggerCampaign('ws', { campaign_id: campaign.id, recipients: [{ ...identifiers[i % 3], attributes: { n: { inc: 1 } } }] }),
          ),
        );
        expect((await engine.getUser('ws', 'u-1')).attributes['n']).toBe(30);
        await engine.close();
      });
    });
  });
}
