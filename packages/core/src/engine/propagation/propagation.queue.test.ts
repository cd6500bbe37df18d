import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../support/clock';
import { randomIntInclusive, seededRandom } from '../support/seeded-random';
import { createPropagationQueue, type PropagationQueueOptions } from './propagation.queue';

/** Timers that fire only when the test says, in due order, like the event loop would. */
function fakeTimers() {
  const clock = manualClock(0);
  let timers: { id: number; dueMs: number; callback: () => void }[] = [];
  let nextId = 0;
  return {
    clock,
    setTimer: (callback: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ id, dueMs: clock.now() + ms, callback });
      return id;
    },
    clearTimer: (handle: unknown) => {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    active: () => timers.length,
    /** Moves time forward, firing due timers in order, and lets the applied writes settle. */
    async advance(ms: number) {
      const target = clock.now() + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.dueMs <= target).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        clock.set(due.dueMs);
        due.callback();
        await vi.waitFor(() => undefined);
      }
      clock.set(target);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function setup(options: Partial<PropagationQueueOptions> & Pick<PropagationQueueOptions, 'delayMs'>) {
  const timers = fakeTimers();
  const visible: string[] = [];
  const queue = createPropagationQueue({ seed: 1, clock: timers.clock, setTimer: timers.setTimer, clearTimer: timers.clearTimer, ...options });
  const write = (name: string) => queue.schedule(() => void visible.push(name));
  return { timers, visible, queue, write };
}

describe('createPropagationQueue', () => {
  it('applies a zero-delay write before schedule resolves', async () => {
    const { visible, write, queue } = setup({ delayMs: 0 });
    await write('a');
    expect(visible).toEqual(['a']);
    expect(queue.pending()).toBe(0);
  });

  it('waits for an asynchronous zero-delay write to finish', async () => {
    const queue = createPropagationQueue({ delayMs: 0, seed: 1 });
    let applied = false;
    await queue.schedule(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      applied = true;
    });
    expect(applied).toBe(true);
  });

  it('hides a delayed write until its delay has passed', async () => {
    const { visible, write, timers, queue } = setup({ delayMs: 50 });
    await write('a');
    expect(visible).toEqual([]);
    expect(queue.pending()).toBe(1);
    await timers.advance(49);
    expect(visible).toEqual([]);
    await timers.advance(1);
    expect(visible).toEqual(['a']);
    expect(queue.pending()).toBe(0);
  });

  it('keeps scheduling order for a fixed delay', async () => {
    const { visible, write, timers } = setup({ delayMs: 20 });
    for (const name of ['a', 'b', 'c']) await write(name);
    await timers.advance(20);
    expect(visible).toEqual(['a', 'b', 'c']);
  });

  it('draws range delays from the seed, so writes can become visible out of order, reproducibly', async () => {
    const seed = seedWhereSecondDelayIsShorter(10, 100);
    const run = async () => {
      const { visible, write, timers } = setup({ delayMs: [10, 100], seed });
      await write('first');
      await write('second');
      await timers.advance(100);
      return visible;
    };
    expect(await run()).toEqual(['second', 'first']);
    expect(await run()).toEqual(['second', 'first']);
  });

  it('applies everything pending on flush, in visibility order', async () => {
    const seed = seedWhereSecondDelayIsShorter(10, 100);
    const { visible, write, queue, timers } = setup({ delayMs: [10, 100], seed });
    await write('first');
    await write('second');
    await queue.flush();
    expect(visible).toEqual(['second', 'first']);
    expect(timers.active()).toBe(0);
  });

  it('applies an overdue write before a later zero-delay one', async () => {
    const seed = firstSeed((random) => randomIntInclusive(random, 0, 10) > 0 && randomIntInclusive(random, 0, 10) === 0);
    const { visible, write, timers } = setup({ delayMs: [0, 10], seed });
    await write('delayed');
    timers.clock.advance(10); // due now, but its timer has not fired yet
    await write('immediate');
    expect(visible).toEqual(['delayed', 'immediate']);
    expect(timers.active()).toBe(0);
  });

  it('drops pending writes on cancelAll', async () => {
    const { visible, write, queue, timers } = setup({ delayMs: 10 });
    await write('a');
    queue.cancelAll();
    expect(queue.pending()).toBe(0);
    expect(timers.active()).toBe(0);
    await timers.advance(100);
    await queue.flush();
    expect(visible).toEqual([]);
  });

  it('on reset, drops pending writes and draws delays from the seed again, so a reset run replays the same race', async () => {
    const delays: number[] = [];
    const timers = fakeTimers();
    const visible: string[] = [];
    const queue = createPropagationQueue({
      delayMs: [1, 1_000_000],
      seed: 7,
      clock: timers.clock,
      setTimer: (callback, ms) => {
        delays.push(ms);
        return timers.setTimer(callback, ms);
      },
      clearTimer: timers.clearTimer,
    });
    for (const name of ['a', 'b', 'c']) await queue.schedule(() => void visible.push(name));
    const firstRun = delays.splice(0);
    queue.reset();
    expect(queue.pending()).toBe(0);
    expect(timers.active()).toBe(0);
    for (const name of ['a', 'b', 'c']) await queue.schedule(() => void visible.push(name));
    expect(delays).toEqual(firstRun);
    await timers.advance(1_000_000);
    expect(visible.sort()).toEqual(['a', 'b', 'c']);
  });

  it('reports a failing write to onError and keeps applying the others', async () => {
    const errors: unknown[] = [];
    const { visible, write, queue, timers } = setup({ delayMs: 5, onError: (error) => errors.push(error) });
    await queue.schedule(() => {
      throw new Error('disk full');
    });
    await queue.schedule(() => Promise.reject(new Error('async failure')));
    await write('b');
    await timers.advance(5);
    expect(errors.map((error) => (error as Error).message)).toEqual(['disk full', 'async failure']);
    expect(visible).toEqual(['b']);
  });

  it('survives a zero-delay failure and a throwing onError', async () => {
    const queue = createPropagationQueue({
      delayMs: 0,
      seed: 1,
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    await expect(queue.schedule(() => Promise.reject(new Error('boom')))).resolves.toBeUndefined();
    let applied = false;
    await queue.schedule(() => void (applied = true));
    expect(applied).toBe(true);
  });

  it('works with real timers by default', async () => {
    const queue = createPropagationQueue({ delayMs: 1, seed: 1 });
    let applied = false;
    await queue.schedule(() => void (applied = true));
    await vi.waitFor(() => expect(applied).toBe(true));
  });

  it('rejects invalid delays', () => {
    expect(() => createPropagationQueue({ delayMs: -1, seed: 1 })).toThrow(RangeError);
    expect(() => createPropagationQueue({ delayMs: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => createPropagationQueue({ delayMs: [20, 10], seed: 1 })).toThrow(RangeError);
  });
});

function firstSeed(accepts: (random: () => number) => boolean): number {
  for (let seed = 1; ; seed++) if (accepts(seededRandom(seed))) return seed;
}

function seedWhereSecondDelayIsShorter(min: number, max: number): number {
  return firstSeed((random) => randomIntInclusive(random, min, max) > randomIntInclusive(random, min, max));
}
