import { describe, expect, it } from 'vitest';
import { randomIdSource, sequentialIdSource } from './ids';

describe('randomIdSource', () => {
  it('makes 24-hex-character braze ids like Braze', () => {
    expect(randomIdSource().brazeId()).toMatch(/^[0-9a-f]{24}$/);
  });

  it('makes unique ids of each kind', () => {
    const ids = randomIdSource();
    for (const next of [ids.dispatchId, ids.messageId, ids.brazeId, ids.sendId]) {
      const values = new Set(Array.from({ length: 200 }, () => next()));
      expect(values.size).toBe(200);
    }
  });

  it('stays well-formed and unique across refills of its random pool', () => {
    const ids = randomIdSource();
    const values = Array.from({ length: 2_000 }, () => ids.messageId());
    expect(values.every((value) => /^[0-9a-f]{32}$/.test(value))).toBe(true);
    expect(new Set(values).size).toBe(2_000);
    expect(new Set(values.map((value) => value.slice(0, 2))).size).toBeGreaterThan(200);
  });

  it('makes send ids that are valid send_id values (ASCII, at most 64 characters)', () => {
    const sendId = randomIdSource().sendId();
    expect(sendId.length).toBeLessThanOrEqual(64);
    expect(sendId).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('sequentialIdSource', () => {
  it('counts from 1 per kind', () => {
    const ids = sequentialIdSource();
    expect([ids.dispatchId(), ids.dispatchId(), ids.messageId(), ids.sendId()]).toEqual(['dispatch-1', 'dispatch-2', 'message-1', 'send-1']);
    expect(ids.brazeId()).toBe('000000000000000000000001');
    expect(ids.brazeId()).toBe('000000000000000000000002');
  });

  it('gives two sources the same sequence', () => {
    const [a, b] = [sequentialIdSource(), sequentialIdSource()];
    expect([a.brazeId(), a.dispatchId()]).toEqual([b.brazeId(), b.dispatchId()]);
  });
});
