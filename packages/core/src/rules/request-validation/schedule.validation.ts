import { z } from 'zod';
import { MESSAGES, ValidationError } from '../../errors';
import { formatIssue, isPlainObject, PARSE_OPTIONS } from '../../schema';
import { type CampaignTriggerSendRequest } from '../../schema/campaign-trigger-send.schema';
import { type CanvasTriggerSendRequest } from '../../schema/canvas-trigger-send.schema';
import { scheduleObjectSchema, scheduledBroadcastsQuerySchema, type ScheduleObject } from '../../schema/schedule.schema';
import { parseIsoTime } from '../iso-time.rules';
import { scheduleTimeProblem } from '../schedule-moments.rules';
import { validateCanvasTriggerSend } from './canvas-trigger-send.validation';
import { validateCampaignTriggerSend } from './trigger-send.validation';
import { validateWith, type RuleCode, type ValidationResult } from './validation-result';

/** What rule 16 is judged against: the workspace's mock clock and its `optimal_send_hour`. */
export interface ScheduleRuleContext {
  /** Undefined: rule 16 is not judged (a client does not know the server's mock clock). */
  now: number | undefined;
  optimalSendHour: number;
}

export type ScheduleTargetKind = 'campaign' | 'canvas';

export interface ValidatedScheduleCreate<R> {
  request: R;
  schedule: ScheduleObject;
}

export interface ValidatedScheduleChange {
  targetId: string;
  scheduleId: string;
}

export interface ValidatedScheduleUpdate extends ValidatedScheduleChange {
  schedule: ScheduleObject;
}

interface ScheduleCheck {
  code?: RuleCode;
  errors: string[];
  value?: ScheduleObject;
}

/** Rules 14–16 on a body's `schedule`: rule 16 only once 14–15 hold. */
function checkSchedule(body: Record<string, unknown>, context: ScheduleRuleContext): ScheduleCheck {
  const parsed = scheduleObjectSchema.safeParse(body['schedule'], PARSE_OPTIONS);
  if (!parsed.success) return { code: 'invalid_schedule', errors: [...new Set(parsed.error.issues.map((issue) => formatIssue(issue, ['schedule'])))] };
  if (context.now === undefined) return { errors: [], value: parsed.data };
  const problem = scheduleTimeProblem(parsed.data, context.now, context.optimalSendHour);
  if (problem === undefined) return { errors: [], value: parsed.data };
  return { code: problem, errors: [`schedule.time: ${MESSAGES[problem]}`], value: parsed.data };
}

/** The first failing rule's message over both checks, every problem of both listed. */
function combined<T>(base: ValidationResult<unknown>, schedule: ScheduleCheck, value: () => T): ValidationResult<T> {
  if (!base.ok) return { ok: false, error: new ValidationError(base.error.code, base.error.message, [...base.error.errors, ...schedule.errors]) };
  if (schedule.code !== undefined) return { ok: false, error: new ValidationError(schedule.code, MESSAGES[schedule.code], schedule.errors) };
  return { ok: true, value: value() };
}

/**
 * `POST /campaigns/trigger/schedule/create` (endpoints spec 5.1): TS §3.2 rules 1–13 on the body,
 * then rules 14–16 on its `schedule` (16 against `context.now`). Never throws.
 *
 * @example
 * validateCampaignScheduleCreate(body, { now: Date.now(), optimalSendHour: 12 });
 */
export function validateCampaignScheduleCreate(input: unknown, context: ScheduleRuleContext): ValidationResult<ValidatedScheduleCreate<CampaignTriggerSendRequest>> {
  return validateCreate(input, context, validateCampaignTriggerSend);
}

/** `POST /canvas/trigger/schedule/create`: TS §4's rules, then rules 14–16. Never throws. */
export function validateCanvasScheduleCreate(input: unknown, context: ScheduleRuleContext): ValidationResult<ValidatedScheduleCreate<CanvasTriggerSendRequest>> {
  return validateCreate(input, context, validateCanvasTriggerSend);
}

function validateCreate<R>(input: unknown, context: ScheduleRuleContext, validateTrigger: (body: unknown) => ValidationResult<R>): ValidationResult<ValidatedScheduleCreate<R>> {
  const base = validateTrigger(input);
  if (!isPlainObject(input)) return base as ValidationResult<never>;
  const schedule = checkSchedule(input, context);
  return combined(base, schedule, () => ({ request: (base as { value: R }).value, schedule: schedule.value as ScheduleObject }));
}

const scheduleIdField = z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') });
const changeSchemas = {
  campaign: z.object({ campaign_id: z.string().min(1), schedule_id: scheduleIdField }),
  canvas: z.object({ canvas_id: z.string().min(1), schedule_id: scheduleIdField }),
} as const;

function validateChangeFields(kind: ScheduleTargetKind, input: unknown): ValidationResult<ValidatedScheduleChange> {
  const idField = kind === 'campaign' ? 'campaign_id' : 'canvas_id';
  const result = validateWith(changeSchemas[kind], input, (issue) =>
    issue.path[0] === idField ? (kind === 'campaign' ? 'invalid_campaign_id' : 'invalid_canvas_id') : issue.path[0] === 'schedule_id' ? 'invalid_schedule_id' : 'bad_request',
  );
  if (!result.ok) return result;
  const fields = result.value as Record<string, string>;
  return { ok: true, value: { targetId: fields[idField] as string, scheduleId: fields['schedule_id'] as string } };
}

/**
 * `POST /{campaigns|canvas}/trigger/schedule/update` (endpoints spec 5.3): rules 1–3, `schedule_id`
 * a string, rules 14–16; other fields are ignored. Never throws.
 */
export function validateScheduleUpdate(kind: ScheduleTargetKind, input: unknown, context: ScheduleRuleContext): ValidationResult<ValidatedScheduleUpdate> {
  const base = validateChangeFields(kind, input);
  if (!isPlainObject(input)) return base as ValidationResult<never>;
  const schedule = checkSchedule(input, context);
  return combined(base, schedule, () => ({ ...(base as { value: ValidatedScheduleChange }).value, schedule: schedule.value as ScheduleObject }));
}

/** `POST /{campaigns|canvas}/trigger/schedule/delete` (endpoints spec 5.4). Never throws. */
export function validateScheduleDelete(kind: ScheduleTargetKind, input: unknown): ValidationResult<ValidatedScheduleChange> {
  return validateChangeFields(kind, input);
}

/**
 * `GET /messages/scheduled_broadcasts` query (endpoints spec 5.5): `end_time` is required and an
 * ISO-8601 date or date-time; the bound is 00:00:00Z of the date written (epoch ms).
 */
export function validateScheduledBroadcastsQuery(query: Readonly<Record<string, unknown>>): ValidationResult<{ boundMs: number }> {
  const raw = query['end_time'];
  const endTime = Array.isArray(raw) ? (raw[0] as unknown) : raw;
  const parsed = scheduledBroadcastsQuerySchema.safeParse({ end_time: endTime }, PARSE_OPTIONS);
  if (!parsed.success) return { ok: false, error: new ValidationError('bad_request', MESSAGES.bad_request, parsed.error.issues.map((issue) => formatIssue(issue, ['query']))) };
  const bound = parseIsoTime(parsed.data.end_time.slice(0, 10));
  if (bound === undefined) return { ok: false, error: new ValidationError('bad_request', MESSAGES.bad_request, ['query.end_time: must be an ISO-8601 date or date-time']) };
  return { ok: true, value: { boundMs: bound } };
}
