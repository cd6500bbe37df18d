import { accessDeniedMessage, MESSAGES, StoreUnavailableError, TriggerKitError } from '../../errors';
import type { Engine } from '../../engine/engine.types';
import { rateLimitHeaders } from '../../engine/workspace/fixed-window.rate-limiter';
import { authenticate } from './authentication.http';
import type { FaultEffect } from './fault-injection.http';
import type { HttpRequest, HttpResponse } from './http.types';
import { errorResponse, jsonResponse } from './json-response.http';
import { rateLimitTargetOf, type RateLimitTarget } from './rate-limit-class.http';
import { NULL_JOURNAL_BODY } from './request-journal.http';
import type { QueryParams } from './page-query.http';
import { type ParsedBody, parseHttpBody } from './request-body.http';
import type { BrazeEndpointMatch } from './routes.http';
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

/** A GET reads only its query (endpoints spec 1): a body is ignored, the key comes from the header. */
const NO_BODY: ParsedBody = { ok: true, body: {} };

/**
 * A Braze endpoint, in the order the spec fixes (after the handler's 415): body (413 / 400 kept for later) →
 * authentication (401) → permission (403) → rate limit (429) → body problem → injected fault → engine.
 * Every answer to a known key carries the rate-limit headers (of a rate-limited endpoint) and is journaled in its workspace.
 */
export async function serveBrazeEndpoint(deps: BrazeEndpointDeps, match: BrazeEndpointMatch, request: HttpRequest, query: QueryParams): Promise<HttpResponse> {
  const startedAt = performance.now();
  const receivedAt = deps.now();
  const isGet = match.endpoint.method === 'GET';
  const parsed = isGet ? NO_BODY : parseHttpBody(request);
  const auth = authenticate(deps.state, request, parsed);
  if (!auth.ok) return auth.response;
  const { identity, workspace, body } = auth;
  // Serialized once, before the engine runs: the journal keeps the request as it arrived.
  const journalBody = parsed.ok && !isGet ? workspace.journal.encodeBody(body) : NULL_JOURNAL_BODY;
  const { response, writeId } = await answerKnownKey(deps, workspace, { match, parsed, body, query, allowed: identity.permissions.has(match.endpoint.permission) });
  workspace.journal.append({
    method: match.endpoint.method,
    path: String(request.path),
    ...(isGet ? { query } : {}),
    status: response.dropConnection === true ? 0 : response.status,
    received_at: new Date(receivedAt).toISOString(),
    duration_ms: Math.max(0, Math.round(performance.now() - startedAt)),
    body: journalBody,
    ...(writeId === undefined ? {} : { writeId }),
  });
  return response;
}

interface KnownKeyRequest {
  match: BrazeEndpointMatch;
  parsed: ParsedBody;
  body: unknown;
  query: QueryParams;
  allowed: boolean;
}

/** The response, and the id of the user write it accepted (endpoints spec 14.4), if any. */
interface KnownKeyAnswer {
  response: HttpResponse;
  writeId?: string;
}

async function answerKnownKey(deps: BrazeEndpointDeps, workspace: WorkspaceServingState, request: KnownKeyRequest): Promise<KnownKeyAnswer> {
  const { path, endpoint, params } = request.match;
  const target: RateLimitTarget | undefined = rateLimitTargetOf(path, request.body);
  const peekHeaders = (): Record<string, string> => (target === undefined ? {} : rateLimitHeaders(workspace.peek(target)));
  if (!request.allowed) return { response: jsonResponse(403, { message: accessDeniedMessage(endpoint.permission) }, peekHeaders()) };
  const fault = takeFault(workspace, target, request);
  let headers: Record<string, string> = {};
  if (target !== undefined) {
    // An injected 429 is a 429, and no 429 counts (spec 5).
    const decision = isInjected429(fault) ? workspace.peek(target) : workspace.consume(target);
    headers = rateLimitHeaders(decision);
    if (!decision.allowed) return { response: jsonResponse(429, { message: MESSAGES.rate_limited }, headers) };
  }
  if (!request.parsed.ok) return { response: errorResponse(request.parsed.error, headers) };
  if (fault !== undefined) {
    const faulted = await applyFault(deps, fault, headers, target !== undefined);
    if (faulted !== undefined) return { response: faulted };
  }
  try {
    const result = await endpoint.serve(deps.engine, workspace.name, { body: request.body, params, query: request.query });
    const response = jsonResponse(endpoint.status, result.body, headers);
    return result.writeId === undefined ? { response } : { response, writeId: result.writeId };
  } catch (error) {
    const where = `${endpoint.method} ${path}`;
    if (error instanceof StoreUnavailableError) deps.reportUnexpected(error, `${where} (the store failed; answered 503, nothing written)`);
    else if (!(error instanceof TriggerKitError)) deps.reportUnexpected(error, where);
    return { response: errorResponse(error, headers) };
  }
}

/** A fault hits only a request that would otherwise be processed: within the limit, with a readable body. */
function takeFault(workspace: WorkspaceServingState, target: RateLimitTarget | undefined, request: KnownKeyRequest): FaultEffect | undefined {
  if (!request.parsed.ok || (target !== undefined && workspace.peek(target).remaining === 0)) return undefined;
  return workspace.faults.take(request.match.path);
}

function isInjected429(fault: FaultEffect | undefined): boolean {
  return fault?.outcome.kind === 'status' && fault.outcome.status === 429;
}

/** The injected failure's response, or undefined when the fault only delays the request. */
async function applyFault(deps: BrazeEndpointDeps, fault: FaultEffect, headers: Record<string, string>, rateLimited: boolean): Promise<HttpResponse | undefined> {
  if (fault.latencyMs > 0) await deps.sleep(fault.latencyMs);
  const { outcome } = fault;
  if (outcome.kind === 'proceed') return undefined;
  if (outcome.kind === 'drop') return { ...jsonResponse(502, { message: FAULT_MESSAGES[502] }, headers), dropConnection: true };
  // An injected 429 looks like a real one (spec 5), except that it asks for a retry after 1 s (spec 9).
  // An endpoint without rate limits (transactional) shows no rate-limit headers on it (endpoints spec 14.8).
  const faultHeaders = outcome.status !== 429 ? headers : rateLimited ? { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': '1' } : { 'retry-after': '1' };
  return jsonResponse(outcome.status, { message: FAULT_MESSAGES[outcome.status] ?? MESSAGES.internal_error }, faultHeaders);
}
