import { MESSAGES } from '../../errors';
import { type ApiKeyIdentity, extractApiKey } from '../../engine/workspace/api-keys';
import type { HttpRequest, HttpResponse } from './http.types';
import { errorResponse, jsonResponse } from './json-response.http';
import type { ParsedBody } from './request-body.http';
import type { ServingState, WorkspaceServingState } from './serving-state.http';

export type Authentication =
  | { ok: true; identity: ApiKeyIdentity; workspace: WorkspaceServingState; /** The body with `api_key` removed. */ body: unknown }
  | { ok: false; response: HttpResponse };

/**
 * Spec 2, shared by the Braze endpoints and `/_mock`: the key comes from `Authorization: Bearer`
 * (or the body's `api_key`, which is removed) and is compared in constant time. Without a header
 * key, an unreadable body may have held the key, so the body's problem is the answer; otherwise a
 * missing or unknown key is a 401.
 */
export function authenticate(state: ServingState, request: HttpRequest, parsed: ParsedBody): Authentication {
  const { key, body } = extractApiKey(request.headers, parsed.ok ? parsed.body : undefined);
  const identity = state.keys.authenticate(key);
  const workspace = identity === undefined ? undefined : state.workspace(identity.workspace);
  if (identity !== undefined && workspace !== undefined) return { ok: true, identity, workspace, body };
  if (!parsed.ok && key === undefined) return { ok: false, response: errorResponse(parsed.error) };
  return { ok: false, response: jsonResponse(401, { message: MESSAGES.invalid_api_key }) };
}
