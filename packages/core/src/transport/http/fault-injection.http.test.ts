import { describe, expect, it } from 'vitest';
import { createWorkspaceFaults } from './fault-injection.http';

describe('createWorkspaceFaults', () => {
  it('fails the next `count` matching requests, then stops', () => {
    const faults = createWorkspaceFaults(1);
    faults.set({ status: 503, count: 2 });
    expect(faults.take('/users/track')).toEqual({ latencyMs: 0, outcome: { kind: 'status', status: 503 } });
    expect(faults.take('/campaigns/trigger/send')?.outcome).toEqual({ kind: 'status', status: 503 });
    expect(faults.take('/users/track')).toBeUndefined();
  });

  it('only matches the listed paths, without consuming a count elsewhere', () => {
    const faults = createWorkspaceFaults(1);
    faults.set({ status: 500, count: 1, paths: ['/users/track'] });
    expect(faults.take('/campaigns/trigger/send')).toBeUndefined();
    expect(faults.take('/users/track')?.outcome).toEqual({ kind: 'status', status: 500 });
    expect(faults.take('/users/track')).toBeUndefined();
  });

  it('keeps failing without a count until cleared', () => {
    const faults = createWorkspaceFaults(1);
    faults.set({ drop_connection: true, latency_ms: 5 });
    for (let i = 0; i < 5; i += 1) expect(faults.take('/sends/id/create')).toEqual({ latencyMs: 5, outcome: { kind: 'drop' } });
    faults.clear();
    expect(faults.take('/sends/id/create')).toBeUndefined();
  });

  it('lets a latency-only fault proceed', () => {
    const faults = createWorkspaceFaults(1);
    faults.set({ latency_ms: 20 });
    expect(faults.take('/users/track')).toEqual({ latencyMs: 20, outcome: { kind: 'proceed' } });
  });

  it('draws probability from the seed, identically after each PUT', () => {
    const faults = createWorkspaceFaults(42);
    const run = (): boolean[] => {
      faults.set({ status: 502, probability: 0.5 });
      return Array.from({ length: 40 }, () => faults.take('/users/track') !== undefined);
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter((hit) => !hit).length).toBeGreaterThan(5);
  });

  it('never fails with probability 0 and always with 1', () => {
    const faults = createWorkspaceFaults(7);
    faults.set({ status: 500, probability: 0 });
    expect(Array.from({ length: 20 }, () => faults.take('/users/track'))).toEqual(Array(20).fill(undefined));
    faults.set({ status: 500, probability: 1, count: 3 });
    expect(Array.from({ length: 5 }, () => faults.take('/users/track') !== undefined)).toEqual([true, true, true, false, false]);
  });
});
