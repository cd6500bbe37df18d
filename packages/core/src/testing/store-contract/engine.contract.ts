import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/create-engine';
import type { Engine, EngineOptions } from '../../engine/engine.types';
import type { Store } from '../../engine/ports/store.port';
import { manualClock } from '../../engine/support/clock';
import { validateMockServerConfig } from '../../rules/request-validation/mock-config.validation';
import { createFaultyStore } from '../faulty-store';
import { type CurrentStore, messageIds, scanAll } from './fixtures';

const campaign = {
  id: 'order-confirmation',
  channel: 'email',
  message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name}}}' },
};
const alias = { alias_name: 'a', alias_label: 'l' };

function engineOver(store: Store, workspace: Record<string, unknown> = {}, options: Omit<EngineOptions, 'config' | 'store'> = {}): Engine {
  const config = validateMockServerConfig({
    workspaces: [{ name: 'ws', api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send'] }], campaigns: [campaign], ...workspace }],
  });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  return createEngine({ ...options, config: config.value, store });
}

/** What a failed request must leave exactly as it was. */
async function snapshot(store: Store): Promise<unknown> {
  const profiles = await scanAll(store, 'ws', 100);
  return { profiles, messages: await messageIds(store, 'ws'), due: await store.listDue('ws', Number.MAX_SAFE_INTEGER, 100), sendIds: await store.listSendIds('ws') };
}

/** The engine over the store: one unit per request, per-profile serialisation (spec 3.3), retention, delayed writes. */
export function describeEngineContract(current: CurrentStore): void {
  describe('under the engine: per-profile serialisation (spec 3.3)', () => {
    it('50 concurrent create-and-send requests for one new user make one profile and 50 messages, each with its own first_name', async () => {
      const store = current();
      const engine = engineOver(store);
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

      const { messages } = await engine.listMessages('ws', { limit: 1_000 });
      expect(messages).toHaveLength(50);
      expect(new Set(messages.map((m) => m.recipient.braze_id)).size).toBe(1);
      for (const message of messages) {
        const order = message.trigger_properties['order_id'] as string;
        expect(message.content).toEqual({ subject: `Order ${order}`, body: `Hi Name-${order.slice('order-'.length)}` });
      }
      await engine.close();
    });

    it('serialises requests naming one profile by external id, braze id, alias, email and phone: no lost update, each renders its own write', async () => {
      const store = current();
      const engine = engineOver(store, { users: [{ external_id: 'u-1', braze_id: 'b-1', user_aliases: [alias], attributes: { email: 'A@example.com', phone: '+15550100', n: 0 } }] });
      const identifiers = [{ external_user_id: 'u-1' }, { braze_id: 'b-1' }, { user_alias: alias }, { email: 'a@example.com ', prioritization: ['most_recently_updated'] }];
      const [responses] = await Promise.all([
        Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            engine.triggerCampaign('ws', {
              campaign_id: campaign.id,
              trigger_properties: { order_id: String(i) },
              recipients: [{ ...identifiers[i % 4], attributes: { n: { inc: 1 }, first_name: `F${i}` } }],
            }),
          ),
        ),
        // /users/track items may name the user by phone alone (spec 8, Rev 2).
        Promise.all(Array.from({ length: 10 }, () => engine.trackUsers('ws', { attributes: [{ phone: '+15550100', n: { inc: 1 } }] }))),
      ]);
      expect((await engine.getUser('ws', 'u-1')).attributes['n']).toBe(50);
      for (const response of responses) {
        const [message] = (await engine.listMessages('ws', { dispatch_id: response.dispatch_id })).messages;
        expect(message?.content['body']).toBe(`Hi F${String(message?.trigger_properties['order_id'])}`);
      }
      expect(await store.countProfiles('ws')).toBe(1);
      await engine.close();
    });

    it('never deadlocks when requests name each other’s users in opposite orders by different identifiers', { timeout: 20_000 }, async () => {
      const store = current();
      const engine = engineOver(store, {
        users: [
          { external_id: 'u-1', braze_id: 'b-1', attributes: { email: 'one@example.com', n: 0 } },
          { external_id: 'u-2', braze_id: 'b-2', attributes: { email: 'two@example.com', n: 0 } },
        ],
      });
      const inc = { n: { inc: 1 } };
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          engine.triggerCampaign('ws', {
            campaign_id: campaign.id,
            recipients:
              i % 2 === 0
                ? [{ external_user_id: 'u-1', attributes: inc }, { braze_id: 'b-2', attributes: inc }]
                : [{ external_user_id: 'u-2', attributes: inc }, { braze_id: 'b-1', attributes: inc }],
          }),
        ),
      );
      expect((await engine.getUser('ws', 'u-1')).attributes['n']).toBe(40);
      expect((await engine.getUser('ws', 'u-2')).attributes['n']).toBe(40);
      await engine.close();
    });
  });

  describe('under the engine: retention and delayed writes', () => {
    it('keeps the newest maxMessages messages and dispatch records; every profile stays', async () => {
      const store = current();
      const engine = engineOver(store, {}, { maxMessages: 5 });
      const dispatchIds: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await engine.triggerCampaign('ws', {
          campaign_id: campaign.id,
          recipients: [0, 1].map((j) => ({ external_user_id: `u-${i}-${j}`, send_to_existing_only: false, attributes: { email: `u${i}${j}@example.com` } })),
        });
        dispatchIds.push(response.dispatch_id);
      }
      const { messages } = await engine.listMessages('ws');
      expect(messages.map((m) => m.recipient.external_user_id)).toEqual(['u-1-1', 'u-2-0', 'u-2-1', 'u-3-0', 'u-3-1']);
      expect(await store.countProfiles('ws')).toBe(8);
      await expect(engine.getDispatch('ws', dispatchIds[0] as string)).resolves.toBeDefined();
      await engine.triggerCampaign('ws', { campaign_id: campaign.id, recipients: [{ external_user_id: 'nobody' }] });
      await engine.triggerCampaign('ws', { campaign_id: campaign.id, recipients: [{ external_user_id: 'nobody' }] });
      await expect(engine.getDispatch('ws', dispatchIds[0] as string)).rejects.toMatchObject({ httpStatus: 404 });
      await expect(engine.getDispatch('ws', dispatchIds[1] as string)).resolves.toBeDefined();
      await engine.close();
    });

    it('persists a delayed /users/track write before acknowledging it and applies it once at its due time', async () => {
      const store = current();
      const clock = manualClock(Date.UTC(2026, 0, 1));
      const engine = engineOver(store, { users_track_delay_ms: 5_000 }, { clock, setTimer: () => undefined, clearTimer: () => undefined });
      expect(await engine.trackUsers('ws', { attributes: [{ external_id: 'late', plan: 'pro' }] })).toMatchObject({ attributes_processed: 1 });
      const [pending] = await store.listDue('ws', Number.MAX_SAFE_INTEGER, 10);
      expect(pending).toMatchObject({ kind: 'users_track', due_ms: clock.now() + 5_000 });
      await expect(engine.getUser('ws', 'late')).rejects.toMatchObject({ httpStatus: 404 });
      expect(await engine.processDue('ws', clock.now() + 4_999)).toEqual({ writes: 0, schedule_moments: 0 });
      const seen: number[] = [];
      expect(await engine.processDue('ws', clock.now() + 5_000, { beforeEach: (dueMs) => seen.push(dueMs) })).toEqual({ writes: 1, schedule_moments: 0 });
      expect(seen).toEqual([clock.now() + 5_000]);
      expect((await engine.getUser('ws', 'late')).attributes['plan']).toBe('pro');
      expect(await store.nextDueMs('ws')).toBeUndefined();
      expect(await engine.processDue('ws', Number.MAX_SAFE_INTEGER)).toEqual({ writes: 0, schedule_moments: 0 });
      await engine.close();
    });
  });

  describe('under the engine: a request that fails writes nothing', () => {
    const createAndUpdate = {
      campaign_id: campaign.id,
      recipients: [
        { external_user_id: 'seed', attributes: { first_name: 'Changed' } },
        { external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n1@example.com', first_name: 'N1' } },
        { external_user_id: 'new-2', send_to_existing_only: false, attributes: { email: 'n2@example.com', first_name: 'N2' } },
      ],
    };
    const track = { attributes: [{ external_id: 'seed', plan: 'pro' }, { external_id: 't-1', plan: 'x' }], events: [{ external_id: 't-1', name: 'login', time: '2026-01-01' }] };

    it.each(['write', 'commit'] as const)('fails whole when the store fails at any %s, and the same request then succeeds', async (kind) => {
      const store = createFaultyStore(current());
      const engine = engineOver(store, { users: [{ external_id: 'seed', attributes: { email: 'seed@example.com', first_name: 'Seed' } }] });
      await engine.listMessages('ws');
      for (const request of [() => engine.triggerCampaign('ws', createAndUpdate), () => engine.trackUsers('ws', track)]) {
        for (let nth = 1; ; nth++) {
          const before = await snapshot(store);
          store.failAt(kind, nth);
          const failure = await request().then(
            () => undefined,
            (error: unknown) => error,
          );
          store.heal();
          if (failure === undefined) break;
          expect(failure).toMatchObject({ name: 'StoreUnavailableError', httpStatus: 503 });
          expect(await snapshot(store)).toEqual(before);
          expect(nth).toBeLessThan(20);
        }
      }
      expect(store.injected).toBeGreaterThanOrEqual(kind === 'write' ? 8 : 2);
      expect(await store.countProfiles('ws')).toBe(4);
      expect((await engine.listMessages('ws')).messages.map((m) => m.recipient.external_user_id)).toEqual(['seed', 'new-1', 'new-2']);
      expect((await engine.getUser('ws', 'seed')).attributes).toMatchObject({ first_name: 'Changed', plan: 'pro' });
      await engine.close();
    });
  });

  describe('under the engine: /messages/send (endpoints spec 3)', () => {
    it('stores its messages with their objects, platforms and tokens, found by source, and changes no profile', async () => {
      const store = current();
      const engine = engineOver(store, {
        apps: [{ id: 'ios-app', platform: 'ios' }],
        users: [{ external_id: 'ann', attributes: { first_name: 'Ann', email: 'ann@example.com', push_tokens: [{ app_id: 'ios-app', token: 'ann-ios' }] } }],
      });
      const before = await engine.getUser('ws', 'ann');
      const { dispatch_id: dispatchId } = await engine.sendMessages('ws', {
        external_user_ids: ['ann'],
        messages: { email: { app_id: 'a', from: 'shop@example.com', body: 'Hi {{${first_name}}}', extras: { n: 1 } }, apple_push: { alert: { body: 'Yo {{${first_name}}}' } } },
      });
      const { messages } = await engine.listMessages('ws', { source: 'messages_send' });
      expect(messages.map((m) => [m.channel, m.platform ?? null, m.content])).toEqual([
        ['email', null, { app_id: 'a', from: 'shop@example.com', body: 'Hi Ann', extras: { n: 1 } }],
        ['push', 'ios', { alert: { body: 'Yo Ann' }, tokens: ['ann-ios'] }],
      ]);
      expect((await engine.getDispatch('ws', dispatchId)).recipients.map((r) => r.message_type)).toEqual(['email', 'apple_push']);
      expect(await engine.listMessages('ws', { source: 'trigger' })).toEqual({ messages: [] });
      expect(await engine.getUser('ws', 'ann')).toEqual(before);
      await engine.close();
    });
  });
}