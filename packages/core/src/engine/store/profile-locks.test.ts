import { describe, expect, it } from 'vitest';
import { createProfileLocks } from './profile-locks';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createProfileLocks', () => {
  it('runs holders of one key one at a time, in arrival order', async () => {
    const locks = createProfileLocks();
    const events: string[] = [];
    const holder = (name: string) =>
      locks.withLock('k', async () => {
        events.push(`${name}:start`);
        await tick();
        events.push(`${name}:end`);
        return name;
      });
    expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('lets different keys run concurrently', async () => {
    const locks = createProfileLocks();
    const events: string[] = [];
    let releaseA: () => void = () => undefined;
    const a = locks.withLock('a', () => new Promise<void>((resolve) => (releaseA = resolve)).then(() => events.push('a')));
    await locks.withLock('b', async () => events.push('b'));
    releaseA();
    await a;
    expect(events).toEqual(['b', 'a']);
  });

  it('releases the lock when the holder throws, and passes the rejection on', async () => {
    const locks = createProfileLocks();
    await expect(locks.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.withLock('k', async () => 'next')).toBe('next');
  });
});
