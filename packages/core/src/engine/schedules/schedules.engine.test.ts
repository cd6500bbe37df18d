import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.types';
import { engineFor, workspace } from '../engine.fixtures';
import { createMemoryStore } from '../store/memory.store';
import { createFaultyStore } from '../../testing/faulty-store';
import { manualClock } from '../support/clock';

let engine: Engine;
afterEach(async () => {
  await engine.close();
});

const DAY = 86_400_000;
const config = (extra: Parameters<typeof workspace>[1] = {}) => ({
  workspaces: [
    workspace('acme', {
      clock: { mode: 'manual' },
      time_zone: 'Europe/Berlin',
      optimal_send_hour: 9,
      users: [
        { external_id: 'tokyo', attributes: { email: 't@example.com', first_name: 'Tomo', time_zone: 'Asia/Tokyo' } },
        { external_id: 'ny', attributes: { email: 'n@example.com', first_name: 'Nia', time_zone: 'America/New_York' } },
        { external_id: 'plain', attributes: { email: 'p@example.com', first_name: 'Pat' } },
      ],
      ...extra,
    }),
  ],
});
const start = () => engineFor(config(), { clock: manualClock(0) });
const recipients = (...ids: string[]) => ids.map((id) => ({ external_user_id: id }));

describe('scheduled API-triggered delivery (endpoints spec 5)', () => {
  it('a reminder scheduled for tomorrow is sent when the clock gets there, with the schedule on its message', async () => {
    engine = start();
    const created = await engine.createCampaignSchedule('acme', {
      campaign_id: 'order-confirmation',
      trigger_properties: { order_id: 'A1' },
      recipients: [{ external_user_id: 'plain', attributes: { first_name: 'Patty' } }],
      schedule: { time: '2026-01-02T09:00:00Z' },
    });
    expect(created).toEqual({ dispatch_id: 'dispatch-1', schedule_id: 'schedule-1', message: 'success' });
    expect(await engine.getSchedule('acme', 'schedule-1')).toMatchObject({ state: 'scheduled', pending: 1, first_moment: '2026-01-02T09:00:00.000Z', campaign_id: 'order-confirmation' });
    expect(await engine.getDispatch('acme', 'dispatch-1')).toEqual({ dispatch_id: 'dispatch-1', campaign_id: 'order-confirmation', schedule_id: 'schedule-1', recipients: [] });
    // Attributes are applied when the recipient runs, not at create.
    expect((await engine.getUser('acme', 'plain')).attributes['first_name']).toBe('Pat');
    expect(await engine.advanceClock('acme', { to: '2026-01-02T10:00:00Z' })).toMatchObject({ processed: { writes: 0, schedule_moments: 1 } });
    const { messages } = await engine.listMessages('acme', { dispatch_id: 'dispatch-1' });
    expect(messages).toEqual([
      expect.objectContaining({ source: 'schedule', schedule_id: 'schedule-1', dispatch_id: 'dispatch-1', sent_at: '2026-01-02T09:00:00.000Z', content: { subject: 'Order A1', body: 'Hi Patty' } }),
    ]);
    expect(await engine.getSchedule('acme', 'schedule-1')).toMatchObject({ state: 'completed', pending: 0 });
    expect((await engine.getDispatch('acme', 'dispatch-1')).recipients).toEqual([expect.objectContaining({ index: 0, outcome: 'sent' })]);
  });

  it('local time runs each recipient at the wall time of their own zone, and a zone whose moment passed is skipped', async () => {
    engine = start();
    await engine.advanceClock('acme', { to: '2026-01-01T20:00:00Z' });
    // W = 2026-01-02T06:00 → Tokyo 2026-01-01T21:00Z, New York 11:00Z, Berlin (the workspace zone) 05:00Z.
    const { dispatch_id, schedule_id } = await engine.createCampaignSchedule('acme', {
      campaign_id: 'order-confirmation',
      recipients: [...recipients('tokyo', 'ny', 'plain', 'tokyo'), { external_user_id: 'sydney', send_to_existing_only: false, attributes: { email: 's@example.com', time_zone: 'Pacific/Kiritimati' } }],
      schedule: { time: '2026-01-02T06:00:00', in_local_time: true },
    });
    const skippedAtCreate = (await engine.getDispatch('acme', dispatch_id)).recipients;
    expect(skippedAtCreate).toEqual([
      expect.objectContaining({ index: 3, reason: 'duplicate' }),
      // Kiritimati (UTC+14): 06:00 there was 2026-01-01T16:00Z, already past.
      expect.objectContaining({ index: 4, reason: 'local_time_passed' }),
    ]);
    await engine.advanceClock('acme', { to: '2026-01-01T21:00:00Z' });
    const sentTo = async () => (await engine.listMessages('acme', { dispatch_id })).messages.map((m) => [m.recipient.external_user_id, m.sent_at]);
    expect(await sentTo()).toEqual([['tokyo', '2026-01-01T21:00:00.000Z']]);
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ state: 'sending', pending: 2 });
    await expect(engine.updateCampaignSchedule('acme', { campaign_id: 'order-confirmation', schedule_id, schedule: { time: '2026-01-03T06:00:00', in_local_time: true } })).rejects.toMatchObject({
      message: 'The schedule can no longer be updated',
    });
    await engine.advanceClock('acme', { to: '2026-01-02T12:00:00Z' });
    expect(await sentTo()).toEqual([
      ['tokyo', '2026-01-01T21:00:00.000Z'],
      ['plain', '2026-01-02T05:00:00.000Z'],
      ['ny', '2026-01-02T11:00:00.000Z'],
    ]);
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ state: 'sending', pending: 0 });
    // Completed once the last possible moment (W at UTC−12) has passed.
    await engine.advanceClock('acme', { to: '2026-01-02T18:00:00Z' });
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ state: 'completed' });
  });

  it('optimal time is the date at optimal_send_hour in each zone; a broadcast runs each profile once', async () => {
    engine = start();
    const { dispatch_id, schedule_id } = await engine.createCampaignSchedule('acme', { campaign_id: 'order-confirmation', broadcast: true, schedule: { time: '2026-01-03', at_optimal_time: true } });
    expect((await engine.getSchedule('acme', schedule_id)).send_id).toBe('send-1');
    await engine.advanceClock('acme', { to: '2026-01-04T00:00:00Z' });
    const sent = (await engine.listMessages('acme', { dispatch_id })).messages.map((m) => [m.recipient.external_user_id, m.sent_at, m.send_id]);
    expect(sent).toEqual([
      ['tokyo', '2026-01-03T00:00:00.000Z', 'send-1'],
      ['plain', '2026-01-03T08:00:00.000Z', 'send-1'],
      ['ny', '2026-01-03T14:00:00.000Z', 'send-1'],
    ]);
    await engine.advanceClock('acme', { ms: DAY });
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ state: 'completed', pending: 0 });
    expect((await engine.getDispatch('acme', dispatch_id)).recipients.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('update replaces the schedule (and re-reads zones); delete cancels recipients not yet run', async () => {
    engine = start();
    const body = { campaign_id: 'order-confirmation', recipients: recipients('plain', 'ny'), schedule: { time: '2026-01-05T10:00:00', in_local_time: true } };
    const { schedule_id, dispatch_id } = await engine.createCampaignSchedule('acme', body);
    expect(await engine.updateCampaignSchedule('acme', { campaign_id: 'order-confirmation', schedule_id, schedule: { time: '2026-01-02T00:00:00Z' } })).toEqual({ message: 'success' });
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ schedule: { time: '2026-01-02T00:00:00Z', in_local_time: false }, request: { schedule: { time: '2026-01-02T00:00:00Z' } } });
    for (const [change, message] of [
      [{ campaign_id: 'order-confirmation', schedule_id: 'nope', schedule: { time: '2026-01-03' } }, 'Schedule does not exist'],
      [{ campaign_id: 'women-only', schedule_id, schedule: { time: '2026-01-03' } }, 'Schedule does not exist'],
      [{ campaign_id: 'order-confirmation', schedule_id, schedule: { time: '2025-12-31' } }, 'The schedule time is in the past'],
    ] as const) {
      await expect(engine.updateCampaignSchedule('acme', change)).rejects.toMatchObject({ httpStatus: 400, message });
    }
    expect(await engine.deleteCampaignSchedule('acme', { campaign_id: 'order-confirmation', schedule_id })).toEqual({ message: 'success' });
    expect(await engine.getSchedule('acme', schedule_id)).toMatchObject({ state: 'deleted', pending: 0 });
    expect((await engine.getDispatch('acme', dispatch_id)).recipients.map((r) => r.reason)).toEqual(['canceled', 'canceled']);
    expect(await engine.advanceClock('acme', { ms: 10 * DAY })).toMatchObject({ processed: { schedule_moments: 0 } });
    expect((await engine.listMessages('acme', { dispatch_id })).messages).toEqual([]);
    await expect(engine.deleteCampaignSchedule('acme', { campaign_id: 'order-confirmation', schedule_id })).rejects.toMatchObject({ message: 'Schedule does not exist' });
    await expect(engine.updateCampaignSchedule('acme', { campaign_id: 'order-confirmation', schedule_id, schedule: { time: '2026-01-20' } })).rejects.toMatchObject({ message: 'Schedule does not exist' });
  });

  it('checks the campaign at create, skips an inactive one at its moment, and schedules a paused canvas with its notice', async () => {
    engine = start();
    await expect(engine.createCampaignSchedule('acme', { campaign_id: 'nope', recipients: recipients('plain'), schedule: { time: '2026-01-02' } })).rejects.toMatchObject({ message: 'Campaign does not exist' });
    const { dispatch_id } = await engine.createCampaignSchedule('acme', { campaign_id: 'women-only', recipients: recipients('plain'), schedule: { time: '2026-01-02' } });
    await engine.putCampaign('acme', 'women-only', { channel: 'email', status: 'paused', message: { subject: 's', body: 'b' } });
    await engine.advanceClock('acme', { ms: DAY });
    expect((await engine.getDispatch('acme', dispatch_id)).recipients).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'campaign_inactive' })]);
    await engine.putCanvas('acme', 'resting', { channel: 'push', status: 'paused', message: { title: 't', body: 'b' } });
    const canvas = await engine.createCanvasSchedule('acme', { canvas_id: 'resting', recipients: recipients('plain'), schedule: { time: '2026-01-03' } });
    expect(canvas).toMatchObject({ message: 'success', notice: 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.' });
    await engine.advanceClock('acme', { ms: DAY });
    expect((await engine.getDispatch('acme', canvas.dispatch_id)).recipients).toEqual([expect.objectContaining({ reason: 'canvas_inactive' })]);
    expect(await engine.getSchedule('acme', canvas.schedule_id)).toMatchObject({ state: 'completed', canvas_id: 'resting' });
  });

  it('lists scheduled broadcasts up to midnight UTC of end_time, and reset clears schedules', async () => {
    engine = start();
    const later = await engine.createCampaignSchedule('acme', { campaign_id: 'women-only', recipients: recipients('plain'), schedule: { time: '2026-01-04T08:00:00Z' } });
    const local = await engine.createCampaignSchedule('acme', { campaign_id: 'order-confirmation', broadcast: true, schedule: { time: '2026-01-03T10:00:00', in_local_time: true } });
    const canvas = await engine.createCanvasSchedule('acme', { canvas_id: 'onboarding', recipients: recipients('plain'), schedule: { time: '2026-01-03', at_optimal_time: true } });
    expect(await engine.listScheduledBroadcasts('acme', { end_time: '2026-01-04T23:00:00Z' })).toEqual({
      message: 'success',
      scheduled_broadcasts: [
        { name: 'onboarding', id: 'onboarding', type: 'Canvas', tags: [], next_send_time: '2026-01-03T09:00:00', schedule_type: 'intelligent_delivery', schedule_id: canvas.schedule_id },
        { name: 'order-confirmation', id: 'order-confirmation', type: 'Campaign', tags: [], next_send_time: '2026-01-03T10:00:00', schedule_type: 'local_time_zones', schedule_id: local.schedule_id },
      ],
    });
    const all = await engine.listScheduledBroadcasts('acme', { end_time: '2026-01-05' });
    expect(all.scheduled_broadcasts.at(-1)).toMatchObject({ schedule_id: later.schedule_id, next_send_time: '2026-01-04T09:00:00+01:00', schedule_type: 'Europe/Berlin' });
    await expect(engine.listScheduledBroadcasts('acme', {})).rejects.toMatchObject({ message: 'Bad Request', errors: ['query.end_time: required'] });
    expect((await engine.listSchedules('acme', { canvas_id: 'onboarding' })).schedules.map((s) => s.schedule_id)).toEqual([canvas.schedule_id]);
    await engine.reset('acme');
    expect(await engine.listSchedules('acme')).toEqual({ schedules: [] });
    await expect(engine.getSchedule('acme', later.schedule_id)).rejects.toMatchObject({ httpStatus: 404, message: 'Schedule not found' });
  });

  it('a schedule survives a restart on a durable store and runs at its moment', async () => {
    const store = createMemoryStore();
    const first = engineFor(config(), { clock: manualClock(0), store });
    const { dispatch_id } = await first.createCampaignSchedule('acme', { campaign_id: 'order-confirmation', recipients: recipients('plain'), schedule: { time: '2026-01-02' } });
    // The same store under a new engine (what --db does across processes).
    engine = engineFor(config(), { clock: manualClock(0), store: { ...createFaultyStore(store), close: async () => undefined } });
    await engine.advanceClock('acme', { ms: DAY });
    expect((await engine.listMessages('acme', { dispatch_id })).messages).toHaveLength(1);
    await first.close();
  });
});
