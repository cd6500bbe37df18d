import { describe, expect, it } from 'vitest';
import { instantInZoneText, momentIn, scheduleBounds, scheduleTimeProblem, wallTimeText } from './schedule-moments.rules';

const fixed = (time: string) => ({ time, in_local_time: false, at_optimal_time: false });
const local = (time: string) => ({ time, in_local_time: true, at_optimal_time: false });
const optimal = (time: string) => ({ time, in_local_time: false, at_optimal_time: true });

describe('schedule moments (endpoints spec 5.1, 5.2)', () => {
  it('reads a fixed time without designator as UTC, with one as that instant', () => {
    expect(momentIn(fixed('2026-06-01T09:00'), 'Asia/Tokyo', 12)).toBe(Date.UTC(2026, 5, 1, 9));
    expect(momentIn(fixed('2026-06-01'), 'Asia/Tokyo', 12)).toBe(Date.UTC(2026, 5, 1));
    expect(momentIn(fixed('2026-06-01T09:00:00+0200'), 'UTC', 12)).toBe(Date.UTC(2026, 5, 1, 7));
    expect(scheduleBounds(fixed('2026-06-01T09:00:00.5Z'), 12)).toEqual({ first: Date.UTC(2026, 5, 1, 9, 0, 0, 500), last: Date.UTC(2026, 5, 1, 9, 0, 0, 500) });
  });

  it('places a local wall time in each zone, DST included, within UTC+14 … UTC−12', () => {
    expect(momentIn(local('2026-06-01T09:00:00'), 'Europe/Berlin', 12)).toBe(Date.UTC(2026, 5, 1, 7));
    expect(momentIn(local('2026-01-01T09:00:00'), 'Europe/Berlin', 12)).toBe(Date.UTC(2026, 0, 1, 8));
    expect(momentIn(local('2026-06-01T09:00:00'), 'America/New_York', 12)).toBe(Date.UTC(2026, 5, 1, 13));
    expect(scheduleBounds(local('2026-06-01T09:00:00'), 12)).toEqual({ first: Date.UTC(2026, 4, 31, 19), last: Date.UTC(2026, 5, 1, 21) });
    // 02:30 does not exist in Berlin on 2026-03-29: Luxon moves it forward by the gap.
    expect(momentIn(local('2026-03-29T02:30:00'), 'Europe/Berlin', 12)).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('puts an optimal-time schedule at optimal_send_hour on its date', () => {
    expect(momentIn(optimal('2026-06-01'), 'Asia/Tokyo', 12)).toBe(Date.UTC(2026, 5, 1, 3));
    expect(momentIn(optimal('2026-06-01T23:59:00'), 'UTC', 8)).toBe(Date.UTC(2026, 5, 1, 8));
    expect(wallTimeText(optimal('2026-06-01T23:59:00'), 8)).toBe('2026-06-01T08:00:00');
  });

  it('judges rule 16 against now', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(scheduleTimeProblem(fixed('2026-01-01T12:00:00Z'), now, 12)).toBe('schedule_in_past');
    expect(scheduleTimeProblem(fixed('2026-01-01T12:00:01Z'), now, 12)).toBeUndefined();
    // 00:00 W has passed everywhere once it is 12:00 UTC at UTC−12.
    expect(scheduleTimeProblem(local('2026-01-01T00:00:00'), now, 12)).toBe('schedule_passed_everywhere');
    expect(scheduleTimeProblem(local('2026-01-01T00:00:01'), now, 12)).toBeUndefined();
    expect(scheduleTimeProblem(fixed('2026-04-01T12:00:01Z'), now, 12)).toBe('schedule_too_far');
    expect(scheduleTimeProblem(fixed('2026-04-01T12:00:00Z'), now, 12)).toBeUndefined();
    expect(scheduleTimeProblem(local('2026-04-02T02:00:01'), now, 12)).toBe('schedule_too_far');
  });

  it('writes a fixed next_send_time in the workspace zone with its offset', () => {
    expect(instantInZoneText(Date.UTC(2026, 5, 1, 9), 'Europe/Berlin')).toBe('2026-06-01T11:00:00+02:00');
    expect(instantInZoneText(Date.UTC(2026, 5, 1, 9), 'UTC')).toBe('2026-06-01T09:00:00Z');
  });
});
