import { describe, expect, it } from 'vitest';
import { createLockTable } from './lock-table';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createLockTable', () => {
  it('hands a key to its waiters in arrival order', async () => {
    const locks = createLockTable();
    const [a, b, c] = [locks.owner(), locks.owner(), locks.owner()];
    const order: string[] = [];
    await locks.acquire(a, ['k']);
    const waitB = locks.acquire(b, ['k']).then(() => order.push('b'));
    const waitC = locks.acquire(c, ['k']).then(() => order.push('c'));
    await tick();
    expect(order).toEqual([]);
    locks.releaseAll(a);
    await waitB;
    expect(order).toEqual(['b']);
    expect(locks.tryAcquire(a, 'k')).toBe(false);
    locks.releaseAll(b);
    await waitC;
    locks.releaseAll(c);
    expect(locks.tryAcquire(a, 'k')).toBe(true);
  });

  it('acquires sorted and refuses to wait for a key below one it holds', async () => {
    const locks = createLockTable();
    const owner = locks.owner();
    await locks.acquire(owner, ['m', 'c', 'c']);
    expect([...owner.held].sort()).toEqual(['c', 'm']);
    expect(owner.highest).toBe('m');
    await expect(locks.acquire(owner, ['a'])).rejects.toMatchObject({ name: 'LockOrderError', key: 'a', held: 'm' });
    await locks.acquire(owner, ['z', 'm']);
    expect(owner.highest).toBe('z');
  });

  it('two owners locking overlapping sets in opposite orders both finish', async () => {
    const locks = createLockTable();
    const runs = Array.from({ length: 50 }, async (_, i) => {
      const owner = locks.owner();
      await locks.acquire(owner, i % 2 === 0 ? ['x', 'y', 'z'] : ['z', 'y', 'x']);
      await tick();
      locks.releaseAll(owner);
    });
    await expect(Promise.all(runs)).resolves.toHaveLength(50);
  });

  it('forgets keys nobody holds or waits for', async () => {
    const locks = createLockTable();
    const owner = locks.owner();
    for (let i = 0; i < 1_000; i++) expect(locks.tryAcquire(owner, `k-${i}`)).toBe(true);
    locks.releaseAll(owner);
    expect(owner.held.size).toBe(0);
    const other = locks.owner();
    for (let i = 0; i < 1_000; i++) expect(locks.tryAcquire(other, `k-${i}`)).toBe(true);
  });
});
