import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import type { Engine } from '../engine.types';
import { engineFor, workspace } from '../engine.fixtures';
import { createMemoryStore } from '../store/memory.store';
import { fnv1a32 } from './users-export.engine';

let engine: Engine;
afterEach(async () => engine.close());

function start(extra: Parameters<typeof workspace>[1] = {}): Engine {
  engine = engineFor(
    {
      workspaces: [
        workspace('acme', {
          clock: { mode: 'manual', start: '2026-03-01T10:00:00.000Z' },
          apps: [{ id: 'ios-app', platform: 'ios' }],
          campaigns: [{ id: 'welcome', name: 'Welcome mail', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
          canvases: [{ id: 'onboarding', channel: 'push', message: { title: 'Step', body: 'b' } }],
          users: [
            {
              external_id: 'ann',
              user_aliases: [{ alias_name: 'guest-1', alias_label: 'checkout' }],
              attributes: {
                first_name: 'Ann',
                email: 'ann@example.com',
                phone: '+15550001',
                plan: 'pro',
                push_tokens: [{ app_id: 'ios-app', token: 'ann-ios', device_id: 'dev-1' }, 'plain-token'],
              },
            },
            { external_id: 'bob', attributes: { email: 'shared@example.com' } },
            { braze_id: 'anon-1', attributes: { email: 'shared@example.com' } },
          ],
          ...extra,
        }),
      ],
    },
    { store: createMemoryStore() },
  );
  return engine;
}

async function rejection(body: unknown): Promise<{ message: string; errors: readonly string[] }> {
  const error = await engine.exportUsers('acme', body).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return { message: error.message, errors: error.errors };
}

describe('POST /users/export/ids (endpoints spec 11)', () => {
  it('exports the fields asked for, in identifier order, each user once, and lists what matched nobody', async () => {
    start();
    const answer = await engine.exportUsers('acme', {
      external_ids: ['ann', 'ghost'],
      user_aliases: [
        { alias_name: 'guest-1', alias_label: 'checkout' },
        { alias_name: 'nobody', alias_label: 'checkout' },
      ],
      fields_to_export: ['external_id', 'first_name', 'custom_attributes', 'push_tokens', 'last_name', 'apps', 'random_bucket'],
    });
    expect(answer.invalid_user_ids).toEqual(['ghost', 'nobody']);
    const braze = (await engine.getUser('acme', 'ann')).braze_id;
    expect(answer.users).toEqual([
      {
        external_id: 'ann',
        first_name: 'Ann',
        custom_attributes: { plan: 'pro' },
        push_tokens: [
          { app: 'ios-app', platform: 'ios', token: 'ann-ios', device_id: 'dev-1', notifications_enabled: true },
          { token: 'plain-token', notifications_enabled: true },
        ],
        apps: [],
        random_bucket: fnv1a32(braze) % 10_000,
      },
    ]);
  });

  it('finds every holder of an email, a phone or a device id, and counts purchases, revenue and received campaigns', async () => {
    start();
    await engine.trackUsers('acme', {
      purchases: [
        { external_id: 'ann', product_id: 'shoe', currency: 'USD', price: 10.5, quantity: 2, time: '2026-02-01T00:00:00Z' },
        { external_id: 'ann', product_id: 'shoe', currency: 'USD', price: 4, time: '2026-02-03T00:00:00Z' },
      ],
      events: [{ external_id: 'ann', name: 'login', time: '2026-02-02T00:00:00Z' }],
    });
    await engine.drainPropagation();
    await engine.triggerCampaign('acme', { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }] });
    await engine.triggerCanvas('acme', { canvas_id: 'onboarding', recipients: [{ external_user_id: 'ann' }] });
    const byEmail = await engine.exportUsers('acme', { email_address: 'shared@example.com', fields_to_export: ['external_id', 'braze_id'] });
    expect(byEmail.users.map((user) => user['external_id'] ?? user['braze_id'])).toEqual(['bob', 'anon-1']);
    expect((await engine.exportUsers('acme', { phone: '+15550001', fields_to_export: ['external_id'] })).users).toEqual([{ external_id: 'ann' }]);
    expect((await engine.exportUsers('acme', { device_id: 'dev-1', fields_to_export: ['external_id'] })).users).toEqual([{ external_id: 'ann' }]);
    const [ann] = (await engine.exportUsers('acme', { external_ids: ['ann'], fields_to_export: ['purchases', 'custom_events', 'total_revenue', 'campaigns_received', 'canvases_received'] })).users;
    expect(ann).toEqual({
      purchases: [{ name: 'shoe', first: '2026-02-01T00:00:00.000Z', last: '2026-02-03T00:00:00.000Z', count: 3 }],
      custom_events: [{ name: 'login', first: '2026-02-02T00:00:00.000Z', last: '2026-02-02T00:00:00.000Z', count: 1 }],
      total_revenue: 25,
      campaigns_received: [{ name: 'Welcome mail', api_campaign_id: 'welcome', last_received: '2026-03-01T10:00:00.000Z', engaged: {}, converted: false }],
      canvases_received: [{ name: 'onboarding', api_canvas_id: 'onboarding', last_received_message: '2026-03-01T10:00:00.000Z', last_entered: '2026-03-01T10:00:00.000Z', steps_received: [] }],
    });
  });

  it('exports every field without fields_to_export when the workspace does not require it', async () => {
    start({ export_fields_required: false });
    const [ann] = (await engine.exportUsers('acme', { external_ids: ['ann'] })).users;
    expect(Object.keys(ann ?? {})).toEqual([
      'external_id',
      'braze_id',
      'user_aliases',
      'created_at',
      'first_name',
      'email',
      'phone',
      'email_subscribe',
      'push_subscribe',
      'custom_attributes',
      'push_tokens',
      'random_bucket',
      'apps',
      'devices',
      'cards_clicked',
    ]);
  });

  it('answers each rule with its message', async () => {
    start();
    expect(await rejection({ fields_to_export: ['email'] })).toMatchObject({ message: 'At least one identifier is required' });
    expect(await rejection({ external_ids: [], fields_to_export: ['email'] })).toMatchObject({ message: 'At least one identifier is required' });
    expect(await rejection({ external_ids: ['a'], phone: '+1', fields_to_export: ['email'] })).toMatchObject({
      message: 'Only one of device_id, email_address or phone may be provided, and not with other identifiers',
    });
    const ids = Array.from({ length: 51 }, (_, i) => `u-${i}`);
    expect(await rejection({ external_ids: ids, fields_to_export: ['email'] })).toMatchObject({ message: 'a single request may not contain more than 50 external_ids and user_aliases' });
    expect(await rejection({ external_ids: ['ann'] })).toEqual({ message: 'fields_to_export is required', errors: ['fields_to_export: required'] });
    expect(await rejection({ external_ids: ['ann'], fields_to_export: ['email', 'shoe_size'] })).toEqual({ message: 'Bad Request', errors: ['fields_to_export[1]: unknown field'] });
    expect(await rejection({ external_ids: 'ann', fields_to_export: ['email'] })).toMatchObject({ message: 'Bad Request' });
  });
});
