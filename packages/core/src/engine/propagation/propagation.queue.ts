import { type Clock, systemClock } from '../support/clock';
import { randomIntInclusive, seededRandom } from '../support/seeded-random';

/** A fixed delay in milliseconds, or an inclusive `[min, max]` range drawn from the seeded PRNG. */
export type PropagationDelay = number | readonly [number, number];

export type TimerHandle = unknown;

export interface PropagationQueueOptions {
  delayMs: PropagationDelay;
  /** Seeds the delays of a range, so a run (and the race it shows) can be reproduced. */
  seed: number;
  clock?: Clock;
  setTimer?: (callback: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Where a failed write is reported; the queue itself never throws or rejects for it. */
  onError?: (error: unknown) => void;
}

export interface PropagationQueue {
  /** Queues a write. Resolves once queued (a zero delay: once applied), not when it becomes visible. */
  schedule(apply: () => Promise<void> | void): Promise<void>;
  /** Applies every pending write now, in visibility order, and waits for them. */
  flush(): Promise<void>;
  /** Drops every pending write without applying it. */
  cancelAll(): void;
  /** Drops every pending write and restarts the delays from the seed, so the same requests replay the same race. */
  reset(): void;
  /** Writes queued and not yet started. */
  pending(): number;
}

interface PendingWrite {
  dueMs: number;
  sequence: number;
  apply: () => Promise<void> | void;
  timer: TimerHandle;
}

/**
 * Makes writes visible after a delay (spec 8: `/users/track` is eventually consistent). Writes become
 * visible in order of due time (ties in order of scheduling), one at a time, so with a random
 * range two writes can become visible out of order, exactly as the seed decides.
 *
 * @example
 * const queue = createPropagationQueue({ delayMs: [10, 100], seed: 1 });
 * await queue.schedule(() => store.applyAttributes(profileId, attributes));
 */
export function createPropagationQueue(options: PropagationQueueOptions): PropagationQueue {
  let nextDelay = delayPicker(options.delayMs, options.seed);
  const clock = options.clock ?? systemClock;
  const setTimer = options.setTimer ?? defaultSetTimer;
  const clearTimer = options.clearTimer ?? ((handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const onError = options.onError ?? (() => undefined);
  let queue: PendingWrite[] = [];
  let sequence = 0;
  let applying: Promise<void> = Promise.resolve();

  const runSafely = async (apply: PendingWrite['apply']): Promise<void> => {
    try {
      await apply();
    } catch (error) {
      reportSafely(onError, error);
    }
  };

  /** Starts, in order, every write that is due no later than `last`; resolves when they are applied. */
  const cancelAll = (): void => {
    for (const write of queue) clearTimer(write.timer);
    queue = [];
  };

  const releaseThrough = (last: PendingWrite | undefined): Promise<void> => {
    const released = last === undefined ? queue : queue.filter((write) => !isAfter(write, last));
    queue = last === undefined ? [] : queue.filter((write) => isAfter(write, last));
    for (const write of released) {
      clearTimer(write.timer);
      applying = applying.then(() => runSafely(write.apply));
    }
    return applying;
  };

  return {
    async schedule(apply) {
      const delay = nextDelay();
      const write: PendingWrite = { dueMs: clock.now() + delay, sequence: sequence++, apply, timer: undefined };
      insertSorted(queue, write);
      if (delay === 0) {
        await releaseThrough(write);
        return;
      }
      write.timer = setTimer(() => void releaseThrough(write), delay);
    },
    flush: () => releaseThrough(undefined),
    cancelAll,
    reset() {
      cancelAll();
      nextDelay = delayPicker(options.delayMs, options.seed);
    },
    pending: () => queue.length,
  };
}

function delayPicker(delayMs: PropagationDelay, seed: number): () => number {
  if (typeof delayMs === 'number') {
    checkDelay(delayMs, 'delayMs');
    return () => delayMs;
  }
  const [min, max] = delayMs;
  checkDelay(min, 'delayMs[0]');
  checkDelay(max, 'delayMs[1]');
  if (min > max) throw new RangeError(`delayMs range must have min <= max, got [${min}, ${max}]`);
  const random = seededRandom(seed);
  return () => randomIntInclusive(random, min, max);
}

function checkDelay(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of milliseconds, got ${String(value)}`);
}

function isAfter(write: PendingWrite, other: PendingWrite): boolean {
  return write.dueMs > other.dueMs || (write.dueMs === other.dueMs && write.sequence > other.sequence);
}

function insertSorted(queue: PendingWrite[], write: PendingWrite): void {
  let index = queue.length;
  while (index > 0 && isAfter(queue[index - 1] as PendingWrite, write)) index--;
  queue.splice(index, 0, write);
}

function defaultSetTimer(callback: () => void, ms: number): TimerHandle {
  const handle = setTimeout(callback, ms);
  // A pending write must not keep a finished process alive.
  handle.unref?.();
  return handle;
}

function reportSafely(onError: (error: unknown) => void, error: unknown): void {
  try {
    onError(error);
  } catch {
    // A failing error reporter must not turn one lost write into a crashed process.
  }
}
