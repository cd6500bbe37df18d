import { createHash } from 'node:crypto';
import { type ApiKeyRegistry, createApiKeyRegistry } from '../../engine/workspace/api-keys';
import { combineDecisions, createRateLimiter, type RateDecision, type RateLimiter, type RateRule } from '../../engine/workspace/fixed-window.rate-limiter';
import type { Clock } from '../../engine/support/clock';
import { createWorkspaceFaults, type WorkspaceFaults } from './fault-injection.http';
import type { RateLimitClass, WorkspaceConfig } from '../../schema/mock-config.schema';
import type { RateLimitTarget } from './rate-limit-class.http';
import { createRequestJournal, type RequestJournal } from './request-journal.http';

/** What the HTTP layer reads from one validated workspace of the config (spec 13). */
export type HttpWorkspaceSettings = Pick<WorkspaceConfig, 'name' | 'api_keys' | 'random_seed' | 'rate_limits'>;

/** The HTTP-side state of one workspace: its limits, its request journal and its injected fault. */
export interface WorkspaceServingState {
  name: string;
  journal: RequestJournal;
  faults: WorkspaceFaults;
  /** Counts one request against its class (and its unique audience) if it fits every window. */
  consume(target: RateLimitTarget): RateDecision;
  /** The current state of the target's windows without counting (for a 403, which must not count but still shows the headers). */
  peek(target: RateLimitTarget): RateDecision;
  /** Reset: forgets journal, fault and rate-limit counters. */
  reset(): void;
}

export interface ServingState {
  keys: ApiKeyRegistry;
  workspace(name: string): WorkspaceServingState | undefined;
}

export function createServingState(workspaces: readonly HttpWorkspaceSettings[], clock: Clock, journalLimit: number): ServingState {
  const keys = createApiKeyRegistry(workspaces);
  const states = new Map(workspaces.map((settings) => [settings.name, createWorkspaceState(settings, clock, journalLimit)]));
  return { keys, workspace: (name) => states.get(name) };
}

/** Each workspace has its own limiter: counters never cross workspaces (spec 2). */
function createWorkspaceState(settings: HttpWorkspaceSettings, clock: Clock, journalLimit: number): WorkspaceServingState {
  const limiter = createRateLimiter();
  const rule = (rateClass: RateLimitClass): RateRule => {
    const { limit, window_seconds } = settings.rate_limits[rateClass];
    return { limit, windowSeconds: window_seconds };
  };
  const faults = createWorkspaceFaults(settings.random_seed);
  const journal = createRequestJournal(journalLimit);
  return {
    name: settings.name,
    journal,
    faults,
    consume: (target) => consumeBoth(limiter, rule, target, clock.now()),
    peek: (target) => peekBoth(limiter, rule, target, clock.now()),
    reset() {
      journal.clear();
      faults.clear();
      limiter.reset();
    },
  };
}


type RuleOf = (rateClass: RateLimitClass) => RateRule;

/** The limiter key of a unique audience: a digest, so a 4 MB audience costs 64 bytes of memory. */
function audienceWindowKey(audienceKey: string): string {
  return `broadcast_per_audience:${createHash('sha256').update(audienceKey).digest('hex')}`;
}

/**
 * Spec 5, Rev 2: a broadcast-class request counts against the class window and its audience's
 * window together, or against neither: whichever is full answers 429 and nothing is counted.
 */
function consumeBoth(limiter: RateLimiter, rule: RuleOf, target: RateLimitTarget, nowMs: number): RateDecision {
  if (target.audienceKey === undefined) return limiter.consume(target.rateClass, rule(target.rateClass), nowMs);
  const windows: Array<[string, RateRule]> = [
    [target.rateClass, rule(target.rateClass)],
    [audienceWindowKey(target.audienceKey), rule('broadcast_per_audience')],
  ];
  const hasRoom = ([key, windowRule]: [string, RateRule]): boolean => limiter.peek(key, windowRule, nowMs).remaining > 0;
  const fits = windows.every(hasRoom);
  // When one window is full, `consume` on it denies without counting and the other is only looked at.
  const [wide, narrow] = windows.map((window) => (fits || !hasRoom(window) ? limiter.consume(...window, nowMs) : limiter.peek(...window, nowMs))) as [RateDecision, RateDecision];
  return combineDecisions(wide, narrow);
}

function peekBoth(limiter: RateLimiter, rule: RuleOf, target: RateLimitTarget, nowMs: number): RateDecision {
  const wide = limiter.peek(target.rateClass, rule(target.rateClass), nowMs);
  if (target.audienceKey === undefined) return wide;
  return combineDecisions(wide, limiter.peek(audienceWindowKey(target.audienceKey), rule('broadcast_per_audience'), nowMs));
}
