import { WRITE_STATUSES_KEPT, type WriteStatus } from '../engine.types';
import type { WriteOutcome } from './user-writes.engine';

/**
 * What each accepted user write of one workspace did (endpoints spec 14.4), by write id, for the
 * request journal. In process memory like the journal itself, and bounded the same way: the
 * oldest statuses go first beyond `limit`, so a server running for days keeps a fixed size.
 */
export interface WriteStatuses {
  pending(writeId: string): void;
  applied(writeId: string, appliedAt: string, outcomes: WriteOutcome[]): void;
  /** The write was not accepted after all (its queueing failed): no status. */
  forget(writeId: string): void;
  get(writeId: string): WriteStatus | undefined;
  clear(): void;
}

export function createWriteStatuses(limit: number = WRITE_STATUSES_KEPT): WriteStatuses {
  const statuses = new Map<string, WriteStatus>();
  const set = (writeId: string, status: WriteStatus): void => {
    statuses.delete(writeId);
    statuses.set(writeId, status);
    while (statuses.size > limit) statuses.delete(statuses.keys().next().value as string);
  };
  return {
    pending: (writeId) => set(writeId, { applied_at: null, outcomes: [] }),
    // A write applied after a restart (queued by the previous process) has no pending entry: it gets one now.
    applied: (writeId, appliedAt, outcomes) => set(writeId, { applied_at: appliedAt, outcomes }),
    forget: (writeId) => void statuses.delete(writeId),
    get(writeId) {
      const status = statuses.get(writeId);
      return status === undefined ? undefined : { applied_at: status.applied_at, outcomes: status.outcomes.map((outcome) => ({ ...outcome, braze_ids: [...outcome.braze_ids] })) };
    },
    clear: () => statuses.clear(),
  };
}
