import { z } from 'zod';
import { campaignTriggerSendSchema } from './campaign-trigger-send.schema';
import { canvasTriggerSendSchema } from './canvas-trigger-send.schema';
import { isIso8601 } from './iso-time.schema';
import { WHEN_OBJECT } from './json-object.schema';

// Our own constant pattern (never caller-supplied). Endpoints spec 5.1: `YYYY-MM-DD` or
// `YYYY-MM-DDTHH:MM[:SS[.fff]]`, a time optionally followed by `Z`, `±HH:MM` or `±HHMM`.
const SCHEDULE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DESIGNATOR = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** A `schedule.time` of endpoints spec 5.1 that names a real date (and time). */
export function isScheduleTime(value: string): boolean {
  return SCHEDULE_TIME.test(value) && isIso8601(value);
}

/** Whether a `schedule.time` carries `Z` or an offset (a date alone never does). */
export function hasTimeZoneDesignator(value: string): boolean {
  return value.includes('T') && DESIGNATOR.test(value);
}

/** The message of rule 15 for both flags at once, and for a designator with either. */
export const BOTH_SCHEDULE_FLAGS = 'in_local_time and at_optimal_time cannot both be true';
export const DESIGNATOR_WITH_FLAG = 'must not include a time zone designator';

/**
 * The `schedule` object (endpoints spec 5.1, rules 14–15): `time` (UTC when it has no designator),
 * `in_local_time` (`time` is a wall time in each recipient's zone) or `at_optimal_time` (its date
 * at the workspace's `optimal_send_hour` in each recipient's zone), never both.
 *
 * @example
 * scheduleObjectSchema.parse({ time: '2026-06-01T09:00:00', in_local_time: true });
 */
export const scheduleObjectSchema = z
  .object(
    {
      time: z.string().refine(isScheduleTime, { error: 'must be an ISO-8601 date or date-time' }),
      in_local_time: z.boolean().default(false),
      at_optimal_time: z.boolean().default(false),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'required' : undefined) },
  )
  .superRefine((schedule, ctx) => {
    const local = schedule.in_local_time === true;
    const optimal = schedule.at_optimal_time === true;
    if (local && optimal) ctx.addIssue({ code: 'custom', message: BOTH_SCHEDULE_FLAGS, path: [] });
    if ((local || optimal) && typeof schedule.time === 'string' && hasTimeZoneDesignator(schedule.time)) {
      ctx.addIssue({ code: 'custom', message: DESIGNATOR_WITH_FLAG, path: ['time'] });
    }
  }, WHEN_OBJECT)
  .meta({ id: 'Schedule' });

/** `POST /campaigns/trigger/schedule/create` (endpoints spec 5.1): a trigger/send body plus `schedule`. */
export const campaignScheduleCreateSchema = z
  .intersection(campaignTriggerSendSchema, z.object({ schedule: scheduleObjectSchema }))
  .meta({ id: 'CampaignScheduleCreateRequest' });

/** `POST /canvas/trigger/schedule/create`: a canvas trigger/send body plus `schedule`. */
export const canvasScheduleCreateSchema = z
  .intersection(canvasTriggerSendSchema, z.object({ schedule: scheduleObjectSchema }))
  .meta({ id: 'CanvasScheduleCreateRequest' });

const scheduleIdSchema = z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') });

/** `POST /campaigns/trigger/schedule/update` (endpoints spec 5.3): other fields are ignored. */
export const campaignScheduleUpdateSchema = z
  .object({ campaign_id: z.string().min(1), schedule_id: scheduleIdSchema, schedule: scheduleObjectSchema })
  .meta({ id: 'CampaignScheduleUpdateRequest' });

/** `POST /canvas/trigger/schedule/update`. */
export const canvasScheduleUpdateSchema = z
  .object({ canvas_id: z.string().min(1), schedule_id: scheduleIdSchema, schedule: scheduleObjectSchema })
  .meta({ id: 'CanvasScheduleUpdateRequest' });

/** `POST /campaigns/trigger/schedule/delete` (endpoints spec 5.4). */
export const campaignScheduleDeleteSchema = z
  .object({ campaign_id: z.string().min(1), schedule_id: scheduleIdSchema })
  .meta({ id: 'CampaignScheduleDeleteRequest' });

/** `POST /canvas/trigger/schedule/delete`. */
export const canvasScheduleDeleteSchema = z.object({ canvas_id: z.string().min(1), schedule_id: scheduleIdSchema }).meta({ id: 'CanvasScheduleDeleteRequest' });

/** `GET /messages/scheduled_broadcasts` query (endpoints spec 5.5). */
export const scheduledBroadcastsQuerySchema = z
  .object({ end_time: z.string().refine(isIso8601, { error: 'must be an ISO-8601 date or date-time' }) })
  .meta({ id: 'ScheduledBroadcastsQuery' });

/** `201` of schedule create (endpoints spec 5.1); a paused or archived canvas adds TS §4's `notice`. */
export const scheduleCreateResponseSchema = z
  .object({ dispatch_id: z.string(), schedule_id: z.string(), message: z.string(), notice: z.string().optional() })
  .meta({ id: 'ScheduleCreateResponse' });

/** `201` of schedule update and delete. */
export const scheduleChangeResponseSchema = z.object({ message: z.string() }).meta({ id: 'ScheduleChangeResponse' });

/** One entry of `GET /messages/scheduled_broadcasts`. */
export const scheduledBroadcastSchema = z.object({
  name: z.string(),
  id: z.string(),
  type: z.enum(['Campaign', 'Canvas']),
  tags: z.array(z.string()),
  next_send_time: z.string(),
  schedule_type: z.string(),
  schedule_id: z.string(),
});

export const scheduledBroadcastsResponseSchema = z
  .object({ scheduled_broadcasts: z.array(scheduledBroadcastSchema), message: z.string() })
  .meta({ id: 'ScheduledBroadcastsResponse' });

/** `GET /_mock/schedules/{id}` and each entry of `GET /_mock/schedules` (endpoints spec 14.2). */
export const scheduleViewSchema = z
  .object({
    schedule_id: z.string(),
    dispatch_id: z.string(),
    campaign_id: z.string().optional(),
    canvas_id: z.string().optional(),
    send_id: z.string().optional(),
    state: z.enum(['scheduled', 'sending', 'completed', 'deleted']),
    schedule: z.object({ time: z.string(), in_local_time: z.boolean(), at_optimal_time: z.boolean() }),
    first_moment: z.string(),
    last_moment: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    request: z.record(z.string(), z.unknown()),
    pending: z.number().int().min(0),
  })
  .meta({ id: 'ScheduleView' });

export const schedulesResponseSchema = z.object({ schedules: z.array(scheduleViewSchema) }).meta({ id: 'SchedulesResponse' });

export type ScheduleObject = z.output<typeof scheduleObjectSchema>;
export type ScheduleObjectInput = z.input<typeof scheduleObjectSchema>;
export type CampaignScheduleCreateRequest = z.output<typeof campaignScheduleCreateSchema>;
export type CampaignScheduleCreateRequestInput = z.input<typeof campaignScheduleCreateSchema>;
export type CanvasScheduleCreateRequest = z.output<typeof canvasScheduleCreateSchema>;
export type CanvasScheduleCreateRequestInput = z.input<typeof canvasScheduleCreateSchema>;
export type CampaignScheduleUpdateRequest = z.output<typeof campaignScheduleUpdateSchema>;
export type CampaignScheduleUpdateRequestInput = z.input<typeof campaignScheduleUpdateSchema>;
export type CanvasScheduleUpdateRequest = z.output<typeof canvasScheduleUpdateSchema>;
export type CanvasScheduleUpdateRequestInput = z.input<typeof canvasScheduleUpdateSchema>;
export type CampaignScheduleDeleteRequest = z.output<typeof campaignScheduleDeleteSchema>;
export type CampaignScheduleDeleteRequestInput = z.input<typeof campaignScheduleDeleteSchema>;
export type CanvasScheduleDeleteRequest = z.output<typeof canvasScheduleDeleteSchema>;
export type CanvasScheduleDeleteRequestInput = z.input<typeof canvasScheduleDeleteSchema>;
export type ScheduleCreateResponse = z.output<typeof scheduleCreateResponseSchema>;
export type ScheduleChangeResponse = z.output<typeof scheduleChangeResponseSchema>;
export type ScheduledBroadcast = z.output<typeof scheduledBroadcastSchema>;
export type ScheduledBroadcastsResponse = z.output<typeof scheduledBroadcastsResponseSchema>;
export type ScheduleView = z.output<typeof scheduleViewSchema>;
export type SchedulesResponse = z.output<typeof schedulesResponseSchema>;
