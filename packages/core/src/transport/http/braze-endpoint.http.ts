import { accessDeniedMessage, MESSAGES, TriggerKitError } from '../../errors';
import type { Engine } from '../../engine/engine.types';
import { rateLimitHeaders } from '../../engine/workspace/fixed-window.rate-limiter';
import { authenticate } from './authentication.http';
import type { FaultEffect } from './fault-injection.http';
import type { HttpRequest, HttpResponse } from './http.types';
import { errorResponse, jsonResponse } from './json-response.http';
import { rateLimitTargetOf, type RateLimitTarget } from './rate-limit-class.http';
import { parseHttpBody } from './request-body.http';
import type { BrazeEndpoint, BrazeEndpointPath } from './routes.http';
import type { ServingState, WorkspaceServingState } from './serving-state.http';

export interface BrazeEndpointDeps {
  state: ServingState;
  engine: Engine;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Reports an unexpected (non-TriggerKitError) failure; the response reveals nothing of it. */
  reportUnexpected: (error: unknown, where: string) => void;
}

const FAULT_MESSAGES: Record<number, string> = {
  429: MESSAGES.rate_limited,
  500: MESSAGES.internal_error,
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * One of the four Braze endpoints, in the order the spec fixes (after the handler's 415): body (413 / 400 kept for later) →
 * authentication (401) → permission (403) → rate limit (429) → body problem → injected fault → engine.
 * Every answer to a known key carries the rate-limit headers and is journaled in its workspace.
 */
export async function serveBrazeEndpoint(deps: BrazeEndpointDeps, path: BrazeEndpointPath, endpoint: BrazeEndpoint, request: HttpRequest): Promise<HttpResponse> {
  const startedAt = performance.now();
  const receivedAt = deps.now();
  const parsed = parseHttpBody(request);
  const auth = authenticate(deps.state, request, parsed);
  if (!auth.ok) return auth.response;
  const { identity, workspace, body } = auth;
  const journalBody = parsed.ok ? structuredClone(body) : null;
  const response = await answerKnownKey(deps, workspace, { path, endpoint, parsed, body, allowed: identity.permissions.has(endpoint.permission) });
  workspace.journal.append({
    method: 'POST',
    path,
    status: response.dropConnection === true ? 0 : response.status,
    received_at: new Date(receivedAt).toISOString(),
    duration_ms: Math.max(0, Math.round(performance.now() - startedAt)),
    body: journalBody,
  });
  return response;
}

interface KnownKeyRequest {
  path: BrazeEndpointPath;
  endpoint: BrazeEndpoint;
  parsed: ReturnType<typeof parseHttpBody>;
  body: unknown;
  allowed: boolean;
}

async function answerKnownKey(deps: BrazeEndpointDeps, workspace: WorkspaceServingState, request: KnownKeyRequest): Promise<HttpResponse> {
  const target = rateLimitTargetOf(request.path, request.body);
  if (!request.allowed) {
    return jsonResponse(403, { message: accessDeniedMessage(request.endpoint.permission) }, rateLimitHeaders(workspace.peek(target)));
  }
  const fault = takeFault(workspace, target, request);
  // An injected 429 is a 429, and no 429 counts (spec 5).
  const decision = isInjected429(fault) ? workspace.peek(target) : workspace.consume(target);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) return jsonResponse(429, { message: MESSAGES.rate_limited }, headers);
  if (!request.parsed.ok) return errorResponse(request.parsed.error, headers);
  if (fault !== undefined) {
    const faulted = await applyFault(deps, fault, headers);
    if (faulted !== undefined) return faulted;
  }
  try {
    const result = await deps.engine[request.endpoint.operation](workspace.name, request.body);
    return jsonResponse(201, result, headers);
  } catch (error) {
    if (!(error instanceof TriggerKitError)) deps.reportUnexpected(error, `POST ${request.path}`);
    return errorResponse(error, headers);
  }
}

/** A fault hits only a request that would otherwise be processed: within the limit, with a readable body. */
function takeFault(workspace: WorkspaceServingState, target: RateLimitTarget, request: KnownKeyRequest): FaultEffect | undefined {
  if (!request.parsed.ok || workspace.peek(target).remaining === 0) return undefined;
  return workspace.faults.take(request.path);
}

function isInjected429(fault: FaultEffect | undefined): boolean {
  return fault?.outcome.kind === 'status' && fault.outcome.status === 429;
}

/** The injected failure's response, or undefined when the fault only delays the request. */
async function applyFault(deps: BrazeEndpointDeps, fault: FaultEffect, headers: Record<string, string>): Promise<HttpResponse | undefined> {
  if (fault.latencyMs > 0) await deps.sleep(fault.latencyMs);
  const { outcome } = fault;
  if (outcome.kind === 'proceed') return undefined;
  if (outcome.kind === 'drop') return { ...jsonResponse(502, { message: FAULT_MESSAGES[502] }, headers), dropConnection: true };
  // An injected 429 looks like a real one (spec 5), except that it asks for a retry after 1 s (spec 9).
  const faultHeaders = outcome.status === 429 ? { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': '1' } : headers;
  return jsonResponse(outcome.status, { message: FAULT_MESSAGES[outcome.status] ?? MESSAGES.internal_error }, faultHeaders);
}
