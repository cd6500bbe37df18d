import { describe, expect, it } from 'vitest';
import { manualClock } from './clock';
import { createWorkspaceClock } from './workspace-clock';

describe('createWorkspaceClock (endpoints spec 2)', () => {
  it('manual: starts at start, moves only forward when told, resets to start', () => {
    const clock = createWorkspaceClock({ mode: 'manual', start: '2026-01-01T00:00:00.000Z' }, manualClock(5));
    const start = Date.UTC(2026, 0, 1);
    expect(clock.now()).toBe(start);
    clock.moveTo(start + 1_000);
    clock.moveTo(start + 10);
    expect(clock.view()).toEqual({ now: '2026-01-01T00:00:01.000Z', mode: 'manual' });
    clock.reset();
    expect(clock.now()).toBe(start);
  });

  it('system: system time plus the advanced offset, never moving backwards', () => {
    const system = manualClock(10_000);
    const clock = createWorkspaceClock({ mode: 'system' }, system);
    expect(clock.view()).toEqual({ now: new Date(10_000).toISOString(), mode: 'system', offset_ms: 0 });
    clock.moveTo(15_000);
    system.advance(100);
    expect(clock.view()).toEqual({ now: new Date(15_100).toISOString(), mode: 'system', offset_ms: 5_000 });
    system.set(1_000);
    expect(clock.now()).toBe(15_100);
    clock.reset();
    expect(clock.view()).toMatchObject({ offset_ms: 0 });
    expect(clock.now()).toBe(1_000);
  });
});
