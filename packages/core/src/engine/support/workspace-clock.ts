import type { MockClockConfig } from '../../schema/mock-config.schema';
import { parseIsoTime } from '../../rules/iso-time.rules';
import type { Clock } from './clock';

/** `GET /_mock/clock` (endpoints spec 2): `offset_ms` only in system mode. */
export interface MockClockView {
  now: string;
  mode: MockClockConfig['mode'];
  offset_ms?: number;
}

/**
 * One workspace's mock clock (endpoints spec 2). `system`: the engine's clock (system time) plus
 * `offset_ms`, never moving backwards. `manual`: starts at `start` and moves only by `moveTo`.
 */
export interface WorkspaceClock extends Clock {
  readonly mode: MockClockConfig['mode'];
  /** Moves the clock forward to `epochMs` (never back: an earlier time changes nothing). */
  moveTo(epochMs: number): void;
  /** Back to the configured state: a manual clock to `start`, a system clock to offset 0. */
  reset(): void;
  view(): MockClockView;
}

export function createWorkspaceClock(config: MockClockConfig, system: Clock): WorkspaceClock {
  if (config.mode === 'manual') {
    const start = parseIsoTime(config.start);
    if (start === undefined) throw new RangeError(`clock.start is not an ISO-8601 instant: ${config.start}`);
    let current = start;
    return {
      mode: 'manual',
      now: () => current,
      moveTo: (epochMs) => {
        if (epochMs > current) current = epochMs;
      },
      reset: () => {
        current = start;
      },
      view: () => ({ now: new Date(current).toISOString(), mode: 'manual' }),
    };
  }
  let offset = 0;
  /** The latest time handed out: a system clock stepping back (NTP) does not move this one back. */
  let floor = Number.NEGATIVE_INFINITY;
  const now = (): number => {
    floor = Math.max(floor, system.now() + offset);
    return floor;
  };
  return {
    mode: 'system',
    now,
    moveTo: (epochMs) => {
      const delta = epochMs - now();
      if (delta > 0) offset += delta;
    },
    reset: () => {
      offset = 0;
      floor = Number.NEGATIVE_INFINITY;
    },
    view: () => ({ now: new Date(now()).toISOString(), mode: 'system', offset_ms: offset }),
  };
}
