import { DateTime } from 'luxon';
import { parseIsoTime } from './iso-time.rules';
import { hasTimeZoneDesignator } from '../schema/schedule.schema';

/** A validated `schedule` (endpoints spec 5.1). */
export interface ScheduleTiming {
  time: string;
  in_local_time: boolean;
  at_optimal_time: boolean;
}

/** The earliest and latest possible moment of a schedule (epoch ms). */
export interface ScheduleBounds {
  first: number;
  last: number;
}

/** Wall-clock fields of a `schedule.time` without designator. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const HOUR_MS = 3_600_000;
/** The zones furthest ahead of and behind UTC (endpoints spec 5.1 rule 16: UTC+14 / UTC−12). */
const EARLIEST_OFFSET_MS = 14 * HOUR_MS;
const LATEST_OFFSET_MS = 12 * HOUR_MS;
/** Endpoints spec 5.1: "(up to 90 days in advance)". */
export const MAX_SCHEDULE_AHEAD_MS = 90 * 24 * HOUR_MS;

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?/;

function wallTimeOf(time: string): WallTime {
  const match = WALL.exec(time);
  if (!match) throw new RangeError(`not a schedule time: ${time}`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match;
  return { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), millisecond: Number(fraction.padEnd(3, '0')) };
}

/** The wall time W of a local or optimal schedule: `time` itself, or its date at `optimalHour`:00. */
export function scheduleWallTime(timing: ScheduleTiming, optimalHour: number): WallTime {
  const wall = wallTimeOf(timing.time);
  return timing.at_optimal_time ? { ...wall, hour: optimalHour, minute: 0, second: 0, millisecond: 0 } : wall;
}

/** Whether the schedule is a wall time in each recipient's zone (local or optimal) rather than one instant. */
export function isZonedSchedule(timing: ScheduleTiming): boolean {
  return timing.in_local_time || timing.at_optimal_time;
}

/** The one instant of a fixed schedule: with its designator, else UTC ("time to send the message in UTC"). */
export function fixedInstant(timing: ScheduleTiming): number {
  const instant = parseIsoTime(hasTimeZoneDesignator(timing.time) ? timing.time : timing.time.length === 10 ? `${timing.time}T00:00:00Z` : `${timing.time}Z`);
  if (instant === undefined) throw new RangeError(`not a schedule time: ${timing.time}`);
  return instant;
}

/** W read as if it were UTC (the reference the fixed-offset bounds are taken from). */
function wallAsUtc(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

/** *first* / *last* of rule 16: the instant itself, or W at UTC+14 / UTC−12. */
export function scheduleBounds(timing: ScheduleTiming, optimalHour: number): ScheduleBounds {
  if (!isZonedSchedule(timing)) {
    const instant = fixedInstant(timing);
    return { first: instant, last: instant };
  }
  const utc = wallAsUtc(scheduleWallTime(timing, optimalHour));
  return { first: utc - EARLIEST_OFFSET_MS, last: utc + LATEST_OFFSET_MS };
}

/**
 * A recipient's moment (endpoints spec 5.2): the fixed instant, or W in `zone` (an IANA name).
 * Wall times that a zone skips (a DST gap) move forward by the gap, and ambiguous ones take the
 * earlier offset: Luxon's documented rules. The result stays within the rule-16 bounds.
 */
export function momentIn(timing: ScheduleTiming, zone: string, optimalHour: number): number {
  if (!isZonedSchedule(timing)) return fixedInstant(timing);
  const wall = scheduleWallTime(timing, optimalHour);
  const moment = DateTime.fromObject(wall, { zone }).toMillis();
  const bounds = scheduleBounds(timing, optimalHour);
  return Number.isFinite(moment) ? Math.min(bounds.last, Math.max(bounds.first, moment)) : wallAsUtc(wall);
}

/** Rule 16's verdict for a schedule at `now`, or undefined when it may be scheduled. */
export type ScheduleTimeProblem = 'schedule_in_past' | 'schedule_passed_everywhere' | 'schedule_too_far';

export function scheduleTimeProblem(timing: ScheduleTiming, now: number, optimalHour: number): ScheduleTimeProblem | undefined {
  const { first, last } = scheduleBounds(timing, optimalHour);
  if (last <= now) return isZonedSchedule(timing) ? 'schedule_passed_everywhere' : 'schedule_in_past';
  if (first > now + MAX_SCHEDULE_AHEAD_MS) return 'schedule_too_far';
  return undefined;
}

/** `next_send_time` of a zoned schedule: W without designator, `YYYY-MM-DDTHH:MM:SS`. */
export function wallTimeText(timing: ScheduleTiming, optimalHour: number): string {
  const wall = scheduleWallTime(timing, optimalHour);
  return DateTime.fromObject(wall, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** `next_send_time` of a fixed schedule: its instant in `zone`, with the offset (`2026-06-01T11:00:00+02:00`). */
export function instantInZoneText(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true }) ?? new Date(instant).toISOString();
}
