import type { DueItem, Store } from '../ports/store.port';
import type { Clock } from '../support/clock';

export type TimerHandle = unknown;

export interface DueWorkOptions {
  store: Store;
  workspace: string;
  /** Whose time "due" is measured on (the engine's clock). */
  clock: Clock;
  /** Processes one item in its own unit of work (deleting it there). Resolves false when it was gone already. */
  process(item: DueItem): Promise<boolean>;
  /** Default: `setTimeout` (unref'd), so fake timers and a mock clock can drive it. */
  setTimer?: (callback: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Where a failure of timer-driven processing is reported; the item stays pending and is retried. */
  onError?: (error: unknown) => void;
  /** How long to wait before retrying after a failure. Default 1,000 ms. */
  retryMs?: number;
  /**
   * A manual mock clock (endpoints spec 2) moves only when told: no timer waits for a future item,
   * `processDue` (the clock's advance) reaches it. Items already due still run on a timer.
   */
  manual?: boolean;
}

export interface ProcessDueOptions {
  /** Called with each item's due time before it is processed (a manual clock moves there). */
  beforeEach?: (dueMs: number) => void;
}

/** What one `processDue` did, per kind of item. */
export interface DueProcessed {
  /** Delayed `/users/track` writes made visible. */
  writes: number;
  /** Schedule moments run (endpoints spec 5.2). */
  schedule_moments: number;
}

/**
 * The due work of one workspace (spec 8's delayed `/users/track` writes, endpoints spec 5.2's
 * schedule moments): items live in the store, so they survive a restart; this object only
 * decides when to look. Items are processed one at a time in due order (ties in creation order).
 */
export interface DueWork {
  /** Processes every item due at or before `untilMs`, in due order, each in its own unit; rejects on the first failure. */
  processDue(untilMs: number, options?: ProcessDueOptions): Promise<DueProcessed>;
  /** Reads the earliest due time from the store and arms the timer for it (at start, after a reset). */
  wake(): Promise<void>;
  /** An item was just committed for `dueMs`: arm the timer earlier if needed (no store read). */
  scheduled(dueMs: number): void;
  /** Whether something may be due by `ms` (from what this process knows; a cache that is safe to lose). */
  mayBeDueBy(ms: number): boolean;
  /** Stops the timer and waits for running processing to finish. */
  stop(): Promise<void>;
}

/** Items read from the store per round of `processDue`. */
const BATCH = 100;
/** `setTimeout` fires at once for anything longer; a farther item re-arms on waking. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * @example
 * const due = createDueWork({ store, workspace: 'acme', clock: systemClock, process: applyItem });
 * await due.wake();
 * await due.processDue(Date.now()); // what the mock clock's advance will call
 */
export function createDueWork(options: DueWorkOptions): DueWork {
  const { store, workspace, clock } = options;
  const setTimer = options.setTimer ?? defaultSetTimer;
  const clearTimer = options.clearTimer ?? ((handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const retryMs = options.retryMs ?? 1_000;
  let timer: TimerHandle | undefined;
  /** When the armed timer fires (epoch ms), undefined when none is armed. */
  let armedFor: number | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  /** `processDue` calls queued or running. */
  let busy = 0;

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A failing reporter must not turn a pending write into a crashed process.
    }
  };

  const arm = (dueMs: number | undefined): void => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    armedFor = dueMs;
    if (dueMs === undefined || stopped) return;
    if (options.manual === true && dueMs > clock.now()) return;
    timer = setTimer(
      () => {
        timer = undefined;
        armedFor = undefined;
        processDue(clock.now()).catch(report);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, dueMs - clock.now())),
    );
  };

  const rearm = async (failed: boolean): Promise<void> => {
    try {
      const next = await store.nextDueMs(workspace);
      arm(next === undefined ? undefined : failed ? Math.max(next, clock.now() + retryMs) : next);
    } catch (error) {
      report(error);
      arm(clock.now() + retryMs);
    }
  };

  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = running.then(work, work);
    running = result.catch(() => undefined);
    return result;
  };

  const processDue = (untilMs: number, processOptions: ProcessDueOptions = {}): Promise<DueProcessed> => {
    busy += 1;
    return serially(async () => {
      const processed: DueProcessed = { writes: 0, schedule_moments: 0 };
      let failed = true;
      try {
        for (let more = true; more && !stopped; ) {
          const batch = await store.listDue(workspace, untilMs, BATCH);
          for (const item of batch) {
            processOptions.beforeEach?.(item.due_ms);
            if (await options.process(item)) processed[item.kind === 'users_track' ? 'writes' : 'schedule_moments'] += 1;
          }
          more = batch.length === BATCH;
        }
        failed = false;
        return processed;
      } finally {
        await rearm(failed);
        busy -= 1;
      }
    });
  };

  return {
    processDue,
    wake: () => rearm(false),
    scheduled(dueMs) {
      if (armedFor === undefined || dueMs < armedFor) arm(dueMs);
    },
    mayBeDueBy: (ms) => busy > 0 || (armedFor !== undefined && armedFor <= ms),
    async stop() {
      stopped = true;
      arm(undefined);
      await running;
    },
  };
}

function defaultSetTimer(callback: () => void, ms: number): TimerHandle {
  const handle = setTimeout(callback, ms);
  // Pending items are in the store: a timer must not keep a finished process alive.
  handle.unref?.();
  return handle;
}
