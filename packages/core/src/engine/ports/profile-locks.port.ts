/**
 * Serialises work on one profile (spec 3.3: steps 2–9 for one profile run under its lock).
 * The default is in-process (`createProfileLocks`); a multi-process deployment over a shared
 * database would plug in a distributed lock here.
 */
export interface ProfileLocks {
  /** Run `fn` once no other holder of `key` is running; holders of one key run in arrival order. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
