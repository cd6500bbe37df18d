import { type ApiKeyRegistry, createApiKeyRegistry } from '../../engine/workspace/api-keys';
import { createRateLimiter, type RateDecision, type RateRule } from '../../engine/workspace/fixed-window.rate-limiter';
import type { Clock } from '../../engine/support/clock';
import { createWorkspaceFaults, type WorkspaceFaults } from './fault-injection.http';
import type { RateLimitClass, WorkspaceConfig } from '../../schema/mock-config.schema';
import { createRequestJournal, type JournalLimits, type RequestJournal } from './request-journal.http';

/** What the HTTP layer reads from one validated workspace of the config (spec 13). */
export type HttpWorkspaceSettings = Pick<WorkspaceConfig, 'name' | 'api_keys' | 'random_seed' | 'rate_limits'>;

/** The HTTP-side state of one workspace: its limits, its request journal and its injected fault. */
export interface WorkspaceServingState {
  name: string;
  journal: RequestJournal;
  faults: WorkspaceFaults;
  /** Counts one request against `rateClass` if it fits. */
  consume(rateClass: RateLimitClass): RateDecision;
  /** The current state of `rateClass` without counting (for a 403, which must not count but still shows the headers). */
  peek(rateClass: RateLimitClass): RateDecision;
  /** Reset: forgets journal, fault and rate-limit counters. */
  reset(): void;
}

export interface ServingState {
  keys: ApiKeyRegistry;
  workspace(name: string): WorkspaceServingState | undefined;
}

export function createServingState(workspaces: readonly HttpWorkspaceSettings[], clock: Clock, journalLimits: JournalLimits): ServingState {
  const keys = createApiKeyRegistry(workspaces);
  const states = new Map(workspaces.map((settings) => [settings.name, createWorkspaceState(settings, clock, journalLimits)]));
  return { keys, workspace: (name) => states.get(name) };
}

/** Each workspace has its own limiter: counters never cross workspaces (spec 2). */
function createWorkspaceState(settings: HttpWorkspaceSettings, clock: Clock, journalLimits: JournalLimits): WorkspaceServingState {
  const limiter = createRateLimiter();
  const rule = (rateClass: RateLimitClass): RateRule => {
    const { limit, window_seconds } = settings.rate_limits[rateClass];
    return { limit, windowSeconds: window_seconds };
  };
  const faults = createWorkspaceFaults(settings.random_seed);
  const journal = createRequestJournal(journalLimits);
  return {
    name: settings.name,
    journal,
    faults,
    consume: (rateClass) => limiter.consume(rateClass, rule(rateClass), clock.now()),
    peek: (rateClass) => limiter.peek(rateClass, rule(rateClass), clock.now()),
    reset() {
      journal.clear();
      faults.clear();
      limiter.reset();
    },
  };
}

