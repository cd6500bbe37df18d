import { type RandomSource, seededRandom } from '../../engine/support/seeded-random';
import type { MockFault } from './mock-fault.schema';
import type { BrazeEndpointPath } from './routes.http';

/** What a matching request suffers: a delay, then possibly a failure instead of processing. */
export interface FaultEffect {
  latencyMs: number;
  outcome: { kind: 'drop' } | { kind: 'status'; status: NonNullable<MockFault['status']> } | { kind: 'proceed' };
}

/** The one fault of one workspace (`PUT /_mock/faults` replaces it, `DELETE` and reset clear it). */
export interface WorkspaceFaults {
  set(fault: MockFault): void;
  clear(): void;
  /** Decides, once per request to a Braze endpoint, whether and how it fails; consumes one `count` when it does. */
  take(path: BrazeEndpointPath): FaultEffect | undefined;
}

/**
 * `probability` draws from a generator seeded with the workspace's `random_seed`, re-seeded on every
 * `PUT /_mock/faults`, so the same requests after the same PUT fail the same way on every run.
 */
export function createWorkspaceFaults(seed: number): WorkspaceFaults {
  let active: { fault: MockFault; remaining: number | undefined; random: RandomSource } | undefined;
  return {
    set(fault) {
      active = { fault, remaining: fault.count, random: seededRandom(seed) };
    },
    clear() {
      active = undefined;
    },
    take(path) {
      if (active === undefined || !appliesTo(active.fault, path)) return undefined;
      const { fault } = active;
      if (fault.probability !== undefined && !(active.random() < fault.probability)) return undefined;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) active = undefined;
      }
      return { latencyMs: fault.latency_ms ?? 0, outcome: outcomeOf(fault) };
    },
  };
}

function appliesTo(fault: MockFault, path: BrazeEndpointPath): boolean {
  return fault.paths === undefined || fault.paths.includes(path);
}

function outcomeOf(fault: MockFault): FaultEffect['outcome'] {
  if (fault.drop_connection === true) return { kind: 'drop' };
  if (fault.status !== undefined) return { kind: 'status', status: fault.status };
  return { kind: 'proceed' };
}
