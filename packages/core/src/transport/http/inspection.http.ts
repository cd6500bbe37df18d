import { accessDeniedMessage, MESSAGES, ValidationError } from '../../errors';
import type { Engine } from '../../engine/engine.types';
import type { UserListQuery } from '../../engine/users/users-list.engine';
import type { MessageListQuery } from '../../engine/engine.types';
import { MESSAGE_FILTER_FIELDS, type MessageFilterField, SCHEDULE_STATES, type ScheduleFilter, type ScheduleState } from '../../engine/ports/store.port';
import { formatIssueLines, PARSE_OPTIONS } from '../../schema/issue-messages.schema';
import { MESSAGE_SOURCES, type MessageSource } from '../../schema/responses.schema';
import { authenticate } from './authentication.http';
import type { HttpRequest, HttpResponse } from './http.types';
import { errorResponse, jsonResponse, rawJsonResponse } from './json-response.http';
import { mockFaultSchema } from './mock-fault.schema';
import { firstValue, parsePageQuery, type QueryParams } from './page-query.http';
import { type ParsedBody, parseHttpBody } from './request-body.http';
import { INSPECT_PERMISSION, type InspectAction } from './routes.http';
import type { ServingState, WorkspaceServingState } from './serving-state.http';

export interface InspectionDeps {
  state: ServingState;
  engine: Engine;
}

export type { QueryParams };

const ACTIONS_WITH_BODY: ReadonlySet<InspectAction> = new Set(['putCampaign', 'putCanvas', 'putFaults', 'advanceClock', 'putSettings']);
/** The store's filters except `source`, whose values are checked first. */
const MESSAGE_FILTERS = MESSAGE_FILTER_FIELDS.filter((field): field is Exclude<MessageFilterField, 'source'> => field !== 'source');

/** `/_mock/*` (spec 9): authenticated like the Braze endpoints, needs `mock.inspect`, scoped to the key's workspace, never rate-limited. */
export async function serveInspection(deps: InspectionDeps, action: InspectAction, param: string, request: HttpRequest, query: QueryParams): Promise<HttpResponse> {
  const parsed = ACTIONS_WITH_BODY.has(action) ? parseHttpBody(request) : optionalBody(request);
  const auth = authenticate(deps.state, request, parsed);
  if (!auth.ok) return auth.response;
  const { identity, workspace, body } = auth;
  if (!identity.permissions.has(INSPECT_PERMISSION)) return jsonResponse(403, { message: accessDeniedMessage(INSPECT_PERMISSION) });
  if (!parsed.ok) return errorResponse(parsed.error);
  const result = await runAction(deps.engine, workspace, action, { param, body, query });
  return result instanceof PrebuiltJson ? rawJsonResponse(200, result.text) : jsonResponse(200, result);
}

/** A response body already serialized. */
class PrebuiltJson {
  constructor(readonly text: string) {}
}

interface ActionInput {
  param: string;
  body: unknown;
  query: QueryParams;
}

async function runAction(engine: Engine, workspace: WorkspaceServingState, action: InspectAction, input: ActionInput): Promise<unknown> {
  const name = workspace.name;
  switch (action) {
    case 'listMessages':
      return engine.listMessages(name, messageQuery(input.query));
    case 'getDispatch':
      return engine.getDispatch(name, input.param);
    case 'getUser':
      return engine.getUser(name, input.param);
    case 'listUsers':
      return engine.listUsers(name, userListQuery(input.query));
    case 'listRequests':
      // The journal keeps its bodies as JSON text: its page is spliced, not serialized again.
      return new PrebuiltJson(workspace.journal.pageJson(journalQuery(input.query), (writeId) => engine.writeStatus(name, writeId)));
    case 'reset':
      await engine.reset(name);
      workspace.reset();
      return { message: 'success' };
    case 'putCampaign':
      return engine.putCampaign(name, input.param, input.body);
    case 'putCanvas':
      return engine.putCanvas(name, input.param, input.body);
    case 'putFaults':
      return putFaults(workspace, input.body);
    case 'deleteFaults':
      workspace.faults.clear();
      return { message: 'success' };
    case 'getClock':
      return engine.getClock(name);
    case 'advanceClock':
      return engine.advanceClock(name, input.body);
    case 'listSchedules':
      return engine.listSchedules(name, scheduleFilter(input.query));
    case 'getSchedule':
      return engine.getSchedule(name, input.param);
    case 'listPostbacks':
      return engine.listPostbacks(name);
    case 'getSettings':
      return engine.getSettings(name);
    case 'putSettings':
      return engine.putSettings(name, input.body);
  }
}

function putFaults(workspace: WorkspaceServingState, body: unknown): unknown {
  const result = mockFaultSchema.safeParse(body, PARSE_OPTIONS);
  if (!result.success) {
    throw new ValidationError('bad_request', MESSAGES.bad_request, result.error.issues.flatMap(formatIssueLines));
  }
  workspace.faults.set(result.data);
  return result.data;
}

/** GET, DELETE and reset take no body; one is read only for a legacy `api_key`, and an unreadable one is ignored. */
function optionalBody(request: HttpRequest): ParsedBody {
  const parsed = parseHttpBody(request);
  return parsed.ok ? parsed : { ok: true, body: {} };
}

/** Filters and paging of `GET /_mock/users` (endpoints spec 14.5). */
function userListQuery(query: QueryParams): UserListQuery {
  const { limit } = parsePageQuery({ limit: query['limit'] });
  const result: UserListQuery = { limit };
  for (const name of ['braze_id', 'email', 'phone', 'alias_label', 'alias_name', 'after'] as const) {
    const value = firstValue(query[name]);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** Filters of `GET /_mock/schedules` (endpoints spec 14.2); a state that does not exist is a 400, not an empty list. */
function scheduleFilter(query: QueryParams): ScheduleFilter {
  const state = firstValue(query['state']);
  if (state !== undefined && !isScheduleState(state)) {
    throw new ValidationError('bad_request', MESSAGES.bad_request, [`query.state: must be one of ${SCHEDULE_STATES.join(', ')}`]);
  }
  return { campaign_id: firstValue(query['campaign_id']), canvas_id: firstValue(query['canvas_id']), state };
}

function isScheduleState(value: string): value is ScheduleState {
  return (SCHEDULE_STATES as readonly string[]).includes(value);
}

/** Filters (each an index lookup in the store) and paging of `GET /_mock/messages`. */
function messageQuery(query: QueryParams): MessageListQuery {
  const result: MessageListQuery = parsePageQuery(query);
  for (const name of MESSAGE_FILTERS) {
    const value = firstValue(query[name]);
    if (value !== undefined) result[name] = value;
  }
  const source = firstValue(query['source']);
  if (source !== undefined && !(MESSAGE_SOURCES as readonly string[]).includes(source)) {
    throw new ValidationError('bad_request', MESSAGES.bad_request, [`query.source: must be one of ${MESSAGE_SOURCES.join(', ')}`]);
  }
  if (source !== undefined) result.source = source as MessageSource;
  return result;
}

/** Journal ids are `req_<n>`: a cursor older than what is kept starts at the oldest entry kept. */
function journalQuery(query: QueryParams): { limit: number; afterSeq?: number; beforeSeq?: number; sinceMs?: number; order?: 'oldest' | 'newest' } {
  const page = parsePageQuery(query);
  const problems: string[] = [];
  const seqOf = (name: 'after' | 'before'): number | undefined => {
    const id = page[name];
    if (id === undefined) return undefined;
    const match = /^req_(\d{1,15})$/.exec(id);
    if (!match) problems.push(`query.${name}: must be a request id (req_<n>)`);
    return match ? Number(match[1]) : undefined;
  };
  const result = { limit: page.limit, afterSeq: seqOf('after'), beforeSeq: seqOf('before'), sinceMs: page.since, order: page.order };
  if (problems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, problems);
  return result;
}
