import { describe, expect, it } from 'vitest';
import { validateCampaignScheduleCreate, validateCanvasScheduleCreate, validateScheduleDelete, validateScheduledBroadcastsQuery, validateScheduleUpdate } from './schedule.validation';

const context = { now: Date.UTC(2026, 0, 1, 12), optimalSendHour: 12 };
const body = (schedule: unknown, extra: Record<string, unknown> = {}) => ({ campaign_id: 'c', recipients: [{ external_user_id: 'u' }], schedule, ...extra });
const failure = (result: { ok: boolean; error?: { message: string; errors: readonly string[] } }) => (result.ok ? undefined : { message: result.error?.message, errors: result.error?.errors });

describe('schedule create validation (endpoints spec 5.1, rules 14–16)', () => {
  it('accepts a schedule and defaults its flags', () => {
    const result = validateCampaignScheduleCreate(body({ time: '2026-01-02T09:00' }), context);
    expect(result.ok && result.value.schedule).toEqual({ time: '2026-01-02T09:00', in_local_time: false, at_optimal_time: false });
  });

  it('rule 14: schedule missing or not an object', () => {
    expect(failure(validateCampaignScheduleCreate(body(undefined), context))).toEqual({ message: 'Invalid schedule', errors: ['schedule: required'] });
    expect(failure(validateCampaignScheduleCreate(body('tomorrow'), context))).toEqual({ message: 'Invalid schedule', errors: ['schedule: required'] });
  });

  it('rule 15: time required and ISO, flags exclusive, no designator with a flag', () => {
    expect(failure(validateCampaignScheduleCreate(body({}), context))?.errors).toEqual(['schedule.time: required']);
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-01-02 09:00' }), context))?.errors).toEqual(['schedule.time: must be an ISO-8601 date or date-time']);
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-02-30' }), context))?.errors).toEqual(['schedule.time: must be an ISO-8601 date or date-time']);
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-01-02T09:00Z', in_local_time: true, at_optimal_time: true }), context))).toEqual({
      message: 'Invalid schedule',
      errors: ['schedule: in_local_time and at_optimal_time cannot both be true', 'schedule.time: must not include a time zone designator'],
    });
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-01-02T09:00+0100', at_optimal_time: true }), context))?.errors).toEqual(['schedule.time: must not include a time zone designator']);
  });

  it('rule 16 against the clock', () => {
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-01-01T12:00:00Z' }), context))).toEqual({ message: 'The schedule time is in the past', errors: ['schedule.time: The schedule time is in the past'] });
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-01-01', in_local_time: true }), context))?.message).toBe('The schedule time has passed in all time zones');
    expect(failure(validateCampaignScheduleCreate(body({ time: '2026-05-01', at_optimal_time: true }), context))?.message).toBe('The schedule time is more than 90 days in the future');
  });

  it('rules 1–13 come first, and every problem is listed', () => {
    expect(failure(validateCampaignScheduleCreate([], context))?.message).toBe('Bad Request: body must be a JSON object');
    expect(failure(validateCampaignScheduleCreate({ recipients: [{ external_user_id: 'u' }], schedule: {} }, context))).toEqual({
      message: 'campaign_id must be a string of the campaign api identifier',
      errors: ['campaign_id: required', 'schedule.time: required'],
    });
    expect(failure(validateCampaignScheduleCreate(body({ time: '2020-01-01T00:00:00Z' }, { broadcast: 'yes' }), context))).toEqual({
      message: 'Bad Request',
      errors: [expect.stringMatching(/^broadcast: /), 'schedule.time: The schedule time is in the past'],
    });
    expect(failure(validateCanvasScheduleCreate({ canvas_id: 7, broadcast: true, schedule: { time: '2026-01-02' } }, context))?.message).toBe('canvas_id must be a string of the Canvas api identifier');
  });
});

describe('schedule update, delete and scheduled_broadcasts validation (endpoints spec 5.3–5.5)', () => {
  it('update: the id, schedule_id a string, then the schedule rules', () => {
    expect(validateScheduleUpdate('campaign', { campaign_id: 'c', schedule_id: 's', schedule: { time: '2026-01-03' }, recipients: 'ignored' }, context)).toEqual({
      ok: true,
      value: { targetId: 'c', scheduleId: 's', schedule: { time: '2026-01-03', in_local_time: false, at_optimal_time: false } },
    });
    expect(failure(validateScheduleUpdate('campaign', { campaign_id: 'c', schedule_id: 5, schedule: {} }, context))).toEqual({
      message: 'schedule_id must be a string',
      errors: ['schedule_id: must be a string', 'schedule.time: required'],
    });
    expect(failure(validateScheduleUpdate('canvas', { schedule_id: 's', schedule: { time: '2026-01-03' } }, context))?.message).toBe('canvas_id must be a string of the Canvas api identifier');
    expect(failure(validateScheduleUpdate('campaign', { campaign_id: 'c', schedule_id: 's' }, context))?.message).toBe('Invalid schedule');
  });

  it('delete: the id and schedule_id', () => {
    expect(validateScheduleDelete('canvas', { canvas_id: 'v', schedule_id: 's' })).toEqual({ ok: true, value: { targetId: 'v', scheduleId: 's' } });
    expect(failure(validateScheduleDelete('campaign', { campaign_id: 'c' }))).toEqual({ message: 'schedule_id must be a string', errors: ['schedule_id: required'] });
  });

  it('scheduled_broadcasts: end_time required and ISO, bound at midnight UTC of its date', () => {
    expect(validateScheduledBroadcastsQuery({ end_time: '2026-01-05T15:30:00-08:00' })).toEqual({ ok: true, value: { boundMs: Date.UTC(2026, 0, 5) } });
    expect(validateScheduledBroadcastsQuery({ end_time: ['2026-01-06', 'x'] })).toEqual({ ok: true, value: { boundMs: Date.UTC(2026, 0, 6) } });
    expect(failure(validateScheduledBroadcastsQuery({}))).toEqual({ message: 'Bad Request', errors: ['query.end_time: required'] });
    expect(failure(validateScheduledBroadcastsQuery({ end_time: 'soon' }))).toEqual({ message: 'Bad Request', errors: ['query.end_time: must be an ISO-8601 date or date-time'] });
  });
});
