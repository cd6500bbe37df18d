import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const DAY_MS = 86_400_000;
/** The `clocked` workspace's manual clock starts here (endpoints spec 2's default start). */
const START = '2026-01-01T00:00:00.000Z';

interface ScheduleView {
  schedule_id: string;
  dispatch_id: string;
  state: string;
  pending: number;
  first_moment: string;
  last_moment: string;
  schedule: Record<string, unknown>;
}

interface MessageView {
  source: string;
  schedule_id?: string;
  dispatch_id: string;
  sent_at: string;
  recipient: { external_user_id?: string };
  content: Record<string, string>;
}

describe.each(HOSTS)('endpoints spec 2 and 5, the mock clock and scheduled triggers: $name', (host) => {
  const { send } = serve(host);
  const post = (path: string, body: unknown, key: string = KEYS.clocked) => send('POST', path, { key, body });
  const get = (path: string) => send('GET', path, { key: KEYS.clocked });
  const reminder = (schedule: unknown, extra: Record<string, unknown> = {}) => ({
    campaign_id: 'reminder',
    trigger_properties: { order_id: 'A1' },
    recipients: [{ external_user_id: 'pat', attributes: { first_name: 'Patty' } }],
    schedule,
    ...extra,
  });
  const create = async (schedule: unknown, extra: Record<string, unknown> = {}): Promise<{ dispatch_id: string; schedule_id: string }> => {
    const response = await post('/campaigns/trigger/schedule/create', reminder(schedule, extra));
    expect(response.status, response.text).toBe(201);
    return response.json as { dispatch_id: string; schedule_id: string };
  };
  const schedule = async (id: string) => (await get(`/_mock/schedules/${id}`)).json as ScheduleView;
  const messages = async (dispatchId: string) => ((await get(`/_mock/messages?dispatch_id=${dispatchId}`)).json as { messages: MessageView[] }).messages;

  beforeEach(async () => {
    expect((await post('/_mock/reset', {})).status).toBe(200);
  });

  it('a reminder scheduled for tomorrow is sent when the mock clock gets there, with its schedule on the message', async () => {
    const created = await create({ time: '2026-01-02T09:00:00Z' });
    expect(created).toEqual({ dispatch_id: expect.any(String), schedule_id: expect.any(String), message: 'success' });
    expect(await schedule(created.schedule_id)).toMatchObject({ state: 'scheduled', pending: 1, first_moment: '2026-01-02T09:00:00.000Z', dispatch_id: created.dispatch_id });
    expect((await get(`/_mock/dispatches/${created.dispatch_id}`)).json).toMatchObject({ dispatch_id: created.dispatch_id, schedule_id: created.schedule_id, recipients: [] });
    // The attributes travel with the schedule and are applied when it runs, not before.
    expect(((await get('/_mock/users/pat')).json as { attributes: Record<string, unknown> }).attributes['first_name']).toBe('Pat');

    expectJson(await post('/_mock/clock/advance', { ms: DAY_MS }), 200, { now: '2026-01-02T00:00:00.000Z', mode: 'manual', processed: { writes: 0, schedule_moments: 0 } });
    expect(await messages(created.dispatch_id)).toEqual([]);
    expectJson(await post('/_mock/clock/advance', { to: '2026-01-02T12:00:00Z' }), 200, { now: '2026-01-02T12:00:00.000Z', mode: 'manual', processed: { writes: 0, schedule_moments: 1 } });
    expect(await messages(created.dispatch_id)).toEqual([
      expect.objectContaining({
        source: 'schedule',
        schedule_id: created.schedule_id,
        sent_at: '2026-01-02T09:00:00.000Z',
        recipient: expect.objectContaining({ external_user_id: 'pat' }),
        content: expect.objectContaining({ subject: 'Still there, Patty?', body: 'Order A1' }),
      }),
    ]);
    expect(await schedule(created.schedule_id)).toMatchObject({ state: 'completed', pending: 0 });
  });

  it('lists scheduled broadcasts up to midnight UTC of end_time, with the campaign name, tags and the workspace zone', async () => {
    const early = await create({ time: '2026-01-02T09:00:00Z' });
    await create({ time: '2026-01-05T09:00:00Z' });
    const local = await create({ time: '2026-01-03T08:00:00', in_local_time: true });
    expectJson(await get('/messages/scheduled_broadcasts?end_time=2026-01-04'), 200, {
      scheduled_broadcasts: [
        { name: 'Cart reminder', id: 'reminder', type: 'Campaign', tags: ['cart'], next_send_time: '2026-01-02T10:00:00+01:00', schedule_type: 'Europe/Berlin', schedule_id: early.schedule_id },
        { name: 'Cart reminder', id: 'reminder', type: 'Campaign', tags: ['cart'], next_send_time: '2026-01-03T08:00:00', schedule_type: 'local_time_zones', schedule_id: local.schedule_id },
      ],
      message: 'success',
    });
    expectBadRequest(await get('/messages/scheduled_broadcasts'), 'Bad Request', ['query.end_time: required']);
    expectBadRequest(await get('/messages/scheduled_broadcasts?end_time=soon'), 'Bad Request', ['query.end_time: must be an ISO-8601 date or date-time']);
  });

  it.each([
    ['no schedule', undefined, 'Invalid schedule', 'schedule: required'],
    ['a schedule that is not an object', 'tomorrow', 'Invalid schedule', 'schedule: required'],
    ['no time', {}, 'Invalid schedule', 'schedule.time: required'],
    ['a time that is not ISO-8601', { time: 'next tuesday' }, 'Invalid schedule', 'schedule.time: must be an ISO-8601 date or date-time'],
    ['both local and optimal', { time: '2026-01-03T08:00', in_local_time: true, at_optimal_time: true }, 'Invalid schedule', 'schedule: in_local_time and at_optimal_time cannot both be true'],
    ['a local time with a zone', { time: '2026-01-03T08:00:00Z', in_local_time: true }, 'Invalid schedule', 'schedule.time: must not include a time zone designator'],
  ])('rejects %s with the spec message', async (_name, value, message, error) => {
    const body = reminder(value);
    if (value === undefined) delete (body as { schedule?: unknown }).schedule;
    expectBadRequest(await post('/campaigns/trigger/schedule/create', body), message, [error]);
    expect(((await get('/_mock/schedules')).json as { schedules: unknown[] }).schedules).toEqual([]);
  });

  it('rejects times in the past or beyond 90 days on the mock clock', async () => {
    await post('/_mock/clock/advance', { to: '2026-01-10T00:00:00Z' });
    expectJson(await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-01-09T23:00:00Z' })), 400, { message: 'The schedule time is in the past', errors: expect.any(Array) });
    expect((await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-01-08T12:00', in_local_time: true }))).json).toMatchObject({ message: 'The schedule time has passed in all time zones' });
    expect((await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-06-01T00:00:00Z' }))).json).toMatchObject({ message: 'The schedule time is more than 90 days in the future' });
    // TS §3.2 rules still come first, then the API-triggered rule.
    expect((await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-01-11T00:00:00Z' }, { campaign_id: 'nope' }))).json).toMatchObject({ message: 'Campaign does not exist' });
    expect((await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-01-11T00:00:00Z' }, { campaign_id: 'api-promo' }))).json).toMatchObject({ message: 'The campaign is not an API-triggered campaign' });
  });

  it('update replaces the schedule; delete cancels it; both refuse schedules that do not exist', async () => {
    const { schedule_id, dispatch_id } = await create({ time: '2026-01-02T09:00:00Z' });
    expectJson(await post('/campaigns/trigger/schedule/update', { campaign_id: 'reminder', schedule_id, schedule: { time: '2026-01-03T09:00:00Z' } }), 201, { message: 'success' });
    expect(await schedule(schedule_id)).toMatchObject({ first_moment: '2026-01-03T09:00:00.000Z', schedule: { time: '2026-01-03T09:00:00Z' } });
    expect((await post('/campaigns/trigger/schedule/update', { campaign_id: 'reminder', schedule_id: 7, schedule: { time: '2026-01-03T09:00:00Z' } })).json).toMatchObject({ message: 'schedule_id must be a string' });
    expect((await post('/campaigns/trigger/schedule/update', { campaign_id: 'reminder', schedule_id: 'nope', schedule: { time: '2026-01-03T09:00:00Z' } })).json).toMatchObject({ message: 'Schedule does not exist' });

    expectJson(await post('/campaigns/trigger/schedule/delete', { campaign_id: 'reminder', schedule_id }), 201, { message: 'success' });
    expect(await schedule(schedule_id)).toMatchObject({ state: 'deleted' });
    expect((await post('/_mock/clock/advance', { to: '2026-01-04T00:00:00Z' })).json).toMatchObject({ processed: { schedule_moments: 0 } });
    expect(await messages(dispatch_id)).toEqual([]);
    expect((await post('/campaigns/trigger/schedule/delete', { campaign_id: 'reminder', schedule_id })).json).toMatchObject({ message: 'Schedule does not exist' });
  });

  it('schedules a paused canvas with the notice, and lists schedules by state', async () => {
    const response = await post('/canvas/trigger/schedule/create', { canvas_id: 'paused-journey', recipients: [{ external_user_id: 'pat' }], schedule: { time: '2026-01-02T09:00:00Z' } });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ schedule_id: expect.any(String), notice: 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.' });
    const { schedule_id } = response.json as { schedule_id: string };
    expect((await get('/_mock/schedules?state=scheduled')).json).toMatchObject({ schedules: [{ schedule_id, canvas_id: 'paused-journey' }] });
    expect((await get('/_mock/schedules?state=completed')).json).toEqual({ schedules: [] });
    expectBadRequest(await get('/_mock/schedules?state=later'), 'Bad Request', [/^query\.state: must be one of/]);
    expectJson(await get('/_mock/schedules/nope'), 404, { message: 'Schedule not found' });
  });

  it('needs the schedule permissions', async () => {
    expectJson(await post('/campaigns/trigger/schedule/create', reminder({ time: '2026-01-02T09:00:00Z' }), KEYS.clockedSendOnly), 403, {
      message: 'Access Denied: this API key lacks the campaigns.trigger.schedule.create permission',
    });
    expect((await send('GET', '/messages/scheduled_broadcasts?end_time=2026-01-04', { key: KEYS.clockedSendOnly })).status).toBe(403);
  });

  it('the clock: reads, refuses to go backwards or a bad body, drives the users/track delay, and restarts on reset', async () => {
    expectJson(await get('/_mock/clock'), 200, { now: START, mode: 'manual' });
    expectJson(await post('/_mock/clock/advance', { to: '2025-12-31T00:00:00Z' }), 400, { message: 'The mock clock cannot go backwards', errors: expect.any(Array) });
    for (const body of [{}, { ms: 1, to: START }, { ms: -1 }, { ms: 1.5 }, { to: '2026-01-02T00:00:00' }]) {
      expect((await post('/_mock/clock/advance', body)).json, JSON.stringify(body)).toMatchObject({ message: 'Bad Request' });
    }
    // users/track writes become visible after the workspace's 60 s delay, on the mock clock.
    expect((await post('/users/track', { attributes: [{ external_id: 'late', first_name: 'Lee' }] })).status).toBe(201);
    expect((await get('/_mock/users/late')).status).toBe(404);
    expect((await post('/_mock/clock/advance', { ms: 59_999 })).json).toMatchObject({ processed: { writes: 0 } });
    expect((await get('/_mock/users/late')).status).toBe(404);
    expect((await post('/_mock/clock/advance', { ms: 1 })).json).toMatchObject({ processed: { writes: 1 } });
    expect((await get('/_mock/users/late')).json).toMatchObject({ external_id: 'late', created_at: '2026-01-01T00:01:00.000Z' });

    await create({ time: '2026-01-02T09:00:00Z' });
    expect((await post('/_mock/reset', {})).status).toBe(200);
    expectJson(await get('/_mock/clock'), 200, { now: START, mode: 'manual' });
    expect((await get('/_mock/schedules')).json).toEqual({ schedules: [] });
  });
});
