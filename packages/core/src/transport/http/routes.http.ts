import type { AcceptedWrite, Engine } from '../../engine/engine.types';
import { BRAZE_ENDPOINT_PATHS, type BrazeEndpointPath } from '../../schema/braze-endpoints.schema';
import type { Permission } from '../../schema/mock-config.schema';
import type { QueryParams } from './page-query.http';

export { BRAZE_ENDPOINT_PATHS, type BrazeEndpointPath };

/** What a Braze endpoint is given: the body (`api_key` removed; `undefined` for a GET), path parameters and the query. */
export interface EndpointInput {
  body: unknown;
  /** Path parameters by name, URL-decoded (`{campaign_id}` → `params.campaign_id`). */
  params: Readonly<Record<string, string>>;
  query: QueryParams;
}

/** What serving a Braze endpoint produced: the success body and, for a user write (endpoints spec 6.2), the id its outcomes are kept under. */
export interface EndpointResult {
  body: unknown;
  writeId?: string;
}

/** A plain success body. */
async function answered(body: Promise<unknown>): Promise<EndpointResult> {
  return { body: await body };
}

/** A user write's response, with its write id for the journal (endpoints spec 14.4). */
async function accepted(write: Promise<AcceptedWrite<unknown>>): Promise<EndpointResult> {
  const { response, write_id } = await write;
  return { body: response, writeId: write_id };
}

export interface BrazeEndpoint {
  method: 'GET' | 'POST';
  /** What the key needs (TS §2, endpoints spec 1). */
  permission: Permission;
  /** The status of a success. */
  status: 200 | 201 | 202;
  /** Serves a request that passed authentication, permission, rate limit and faults: the success body, or a `TriggerKitError`. */
  serve(engine: Engine, workspace: string, input: EndpointInput): Promise<EndpointResult>;
}

/** Every Braze endpoint: how it is served. Rate-limit classes are `rateLimitTargetOf`'s. */
export const BRAZE_ENDPOINTS: Readonly<Record<BrazeEndpointPath, BrazeEndpoint>> = {
  '/campaigns/trigger/send': { method: 'POST', permission: 'campaigns.trigger.send', status: 201, serve: (engine, workspace, { body }) => answered(engine.triggerCampaign(workspace, body)) },
  '/canvas/trigger/send': { method: 'POST', permission: 'canvas.trigger.send', status: 201, serve: (engine, workspace, { body }) => answered(engine.triggerCanvas(workspace, body)) },
  '/users/track': { method: 'POST', permission: 'users.track', status: 201, serve: (engine, workspace, { body }) => answered(engine.trackUsers(workspace, body)) },
  '/sends/id/create': { method: 'POST', permission: 'sends.id.create', status: 201, serve: (engine, workspace, { body }) => answered(engine.createSendId(workspace, body)) },
  // Endpoints spec 3.
  '/messages/send': { method: 'POST', permission: 'messages.send', status: 201, serve: (engine, workspace, { body }) => answered(engine.sendMessages(workspace, body)) },
  // Endpoints spec 11: read-only.
  '/users/export/ids': { method: 'POST', permission: 'users.export.ids', status: 201, serve: (engine, workspace, { body }) => answered(engine.exportUsers(workspace, body)) },
  // Endpoints spec 7–10, 12: user writes, eventually consistent (spec 6.2).
  '/users/identify': { method: 'POST', permission: 'users.identify', status: 201, serve: (engine, workspace, { body }) => accepted(engine.identifyUsers(workspace, body)) },
  '/users/alias/new': { method: 'POST', permission: 'users.alias.new', status: 201, serve: (engine, workspace, { body }) => accepted(engine.createAliases(workspace, body)) },
  '/users/alias/update': { method: 'POST', permission: 'users.alias.update', status: 201, serve: (engine, workspace, { body }) => accepted(engine.updateAliases(workspace, body)) },
  '/users/delete': { method: 'POST', permission: 'users.delete', status: 201, serve: (engine, workspace, { body }) => accepted(engine.deleteUsers(workspace, body)) },
  '/users/merge': { method: 'POST', permission: 'users.merge', status: 202, serve: (engine, workspace, { body }) => accepted(engine.mergeUsers(workspace, body)) },
  '/subscription/status/set': { method: 'POST', permission: 'subscription.status.set', status: 201, serve: (engine, workspace, { body }) => accepted(engine.setSubscriptionStatus(workspace, body)) },
  '/v2/subscription/status/set': { method: 'POST', permission: 'subscription.status.set', status: 201, serve: (engine, workspace, { body }) => accepted(engine.setSubscriptionStatusV2(workspace, body)) },
  // Endpoints spec 5.
  '/campaigns/trigger/schedule/create': {
    method: 'POST',
    permission: 'campaigns.trigger.schedule.create',
    status: 201,
    serve: (engine, workspace, { body }) => answered(engine.createCampaignSchedule(workspace, body)),
  },
  '/campaigns/trigger/schedule/update': {
    method: 'POST',
    permission: 'campaigns.trigger.schedule.update',
    status: 201,
    serve: (engine, workspace, { body }) => answered(engine.updateCampaignSchedule(workspace, body)),
  },
  '/campaigns/trigger/schedule/delete': {
    method: 'POST',
    permission: 'campaigns.trigger.schedule.delete',
    status: 201,
    serve: (engine, workspace, { body }) => answered(engine.deleteCampaignSchedule(workspace, body)),
  },
  '/canvas/trigger/schedule/create': { method: 'POST', permission: 'canvas.trigger.schedule.create', status: 201, serve: (engine, workspace, { body }) => answered(engine.createCanvasSchedule(workspace, body)) },
  '/canvas/trigger/schedule/update': { method: 'POST', permission: 'canvas.trigger.schedule.update', status: 201, serve: (engine, workspace, { body }) => answered(engine.updateCanvasSchedule(workspace, body)) },
  '/canvas/trigger/schedule/delete': { method: 'POST', permission: 'canvas.trigger.schedule.delete', status: 201, serve: (engine, workspace, { body }) => answered(engine.deleteCanvasSchedule(workspace, body)) },
  '/messages/scheduled_broadcasts': { method: 'GET', permission: 'messages.schedule_broadcasts', status: 200, serve: (engine, workspace, { query }) => answered(engine.listScheduledBroadcasts(workspace, query)) },
  // Endpoints spec 12: both read visible state.
  '/subscription/status/get': { method: 'GET', permission: 'subscription.status.get', status: 200, serve: (engine, workspace, { query }) => answered(engine.getSubscriptionStatus(workspace, query)) },
  '/subscription/user/status': { method: 'GET', permission: 'subscription.groups.get', status: 200, serve: (engine, workspace, { query }) => answered(engine.listUserSubscriptions(workspace, query)) },
  // Endpoints spec 4: the path's campaign id is URL-decoded; an empty one is the endpoint's own 400.
  '/transactional/v1/campaigns/{campaign_id}/send': {
    method: 'POST',
    permission: 'transactional.send',
    status: 201,
    serve: (engine, workspace, { body, params }) => answered(engine.sendTransactional(workspace, params['campaign_id'] ?? '', body)),
  },
};

export const INSPECT_PERMISSION: Permission = 'mock.inspect';

export type InspectAction =
  | 'listMessages'
  | 'getDispatch'
  | 'getUser'
  | 'listUsers'
  | 'listRequests'
  | 'reset'
  | 'putCampaign'
  | 'putCanvas'
  | 'putFaults'
  | 'deleteFaults'
  | 'getClock'
  | 'advanceClock'
  | 'listSchedules'
  | 'getSchedule'
  | 'listPostbacks'
  | 'getSettings'
  | 'putSettings';

/** A request target resolved to a Braze endpoint: its pattern, definition and path parameters. */
export interface BrazeEndpointMatch {
  path: BrazeEndpointPath;
  endpoint: BrazeEndpoint;
  params: Readonly<Record<string, string>>;
}

export type RouteMatch =
  | ({ kind: 'braze' } & BrazeEndpointMatch)
  | { kind: 'health' }
  | { kind: 'openapi' }
  | { kind: 'inspect'; action: InspectAction; param: string }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

type RouteTarget = { kind: 'health' } | { kind: 'openapi' } | { kind: 'inspect'; action: InspectAction };

/** `/_mock` routes as `[method, segments after /_mock]`; `:param` matches one non-empty segment. */
const MOCK_ROUTES: ReadonlyArray<readonly [string, readonly string[], RouteTarget]> = [
  ['GET', ['health'], { kind: 'health' }],
  ['GET', ['openapi.json'], { kind: 'openapi' }],
  ['GET', ['messages'], { kind: 'inspect', action: 'listMessages' }],
  ['GET', ['dispatches', ':param'], { kind: 'inspect', action: 'getDispatch' }],
  ['GET', ['users'], { kind: 'inspect', action: 'listUsers' }],
  ['GET', ['users', ':param'], { kind: 'inspect', action: 'getUser' }],
  ['GET', ['requests'], { kind: 'inspect', action: 'listRequests' }],
  ['POST', ['reset'], { kind: 'inspect', action: 'reset' }],
  ['PUT', ['campaigns', ':param'], { kind: 'inspect', action: 'putCampaign' }],
  ['PUT', ['canvases', ':param'], { kind: 'inspect', action: 'putCanvas' }],
  ['PUT', ['faults'], { kind: 'inspect', action: 'putFaults' }],
  ['DELETE', ['faults'], { kind: 'inspect', action: 'deleteFaults' }],
  ['GET', ['clock'], { kind: 'inspect', action: 'getClock' }],
  ['POST', ['clock', 'advance'], { kind: 'inspect', action: 'advanceClock' }],
  ['GET', ['schedules'], { kind: 'inspect', action: 'listSchedules' }],
  ['GET', ['schedules', ':param'], { kind: 'inspect', action: 'getSchedule' }],
  ['GET', ['postbacks'], { kind: 'inspect', action: 'listPostbacks' }],
  ['GET', ['settings'], { kind: 'inspect', action: 'getSettings' }],
  ['PUT', ['settings'], { kind: 'inspect', action: 'putSettings' }],
];

/** Endpoints whose path has a `{parameter}`, split once: `[path, segments]`. */
const PATTERN_ENDPOINTS: ReadonlyArray<readonly [BrazeEndpointPath, readonly string[]]> = BRAZE_ENDPOINT_PATHS.filter((path) => path.includes('{')).map(
  (path) => [path, path.split('/')] as const,
);

/** Resolves a method and a path (relative to the mount point, no query string) to what serves it. */
export function matchRoute(method: string, path: string): RouteMatch {
  const verb = method.toUpperCase();
  const braze = matchBrazeEndpoint(path);
  if (braze !== undefined) {
    return verb === braze.endpoint.method ? { kind: 'braze', ...braze } : { kind: 'method_not_allowed', allow: [braze.endpoint.method] };
  }
  const segments = splitMockPath(path);
  if (segments === undefined) return { kind: 'not_found' };
  const allow: string[] = [];
  for (const [routeMethod, pattern, target] of MOCK_ROUTES) {
    const param = matchSegments(pattern, segments);
    if (param === undefined) continue;
    if (routeMethod !== verb) {
      allow.push(routeMethod);
      continue;
    }
    return target.kind === 'inspect' ? { ...target, param } : target;
  }
  return allow.length > 0 ? { kind: 'method_not_allowed', allow } : { kind: 'not_found' };
}

/**
 * The Braze endpoint a path names, with its parameters, or undefined. A parameter matches one
 * segment, empty included (the endpoint answers an empty id with its own 400); a segment that is
 * not valid percent-encoding matches nothing.
 */
export function matchBrazeEndpoint(path: string): BrazeEndpointMatch | undefined {
  if (Object.hasOwn(BRAZE_ENDPOINTS, path)) {
    const known = path as BrazeEndpointPath;
    return { path: known, endpoint: BRAZE_ENDPOINTS[known], params: {} };
  }
  if (PATTERN_ENDPOINTS.length === 0) return undefined;
  const segments = path.split('/');
  for (const [pattern, parts] of PATTERN_ENDPOINTS) {
    const params = matchPattern(parts, segments);
    if (params !== undefined) return { path: pattern, endpoint: BRAZE_ENDPOINTS[pattern], params };
  }
  return undefined;
}

/** Whether `path` names a Braze endpoint (exactly, or through its path parameters). */
export function isBrazePath(path: string): boolean {
  return matchBrazeEndpoint(path) !== undefined;
}

function matchPattern(parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      const value = decodeSegment(segment);
      if (value === undefined) return undefined;
      Object.defineProperty(params, part.slice(1, -1), { value, enumerable: true });
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function splitMockPath(path: string): string[] | undefined {
  if (!path.startsWith('/_mock/')) return undefined;
  const segments = path.slice('/_mock/'.length).split('/').map(decodeSegment);
  return segments.every((segment) => segment !== undefined) ? (segments as string[]) : undefined;
}

/** The `:param` value ('' when the pattern has none), or undefined when the segments do not match. */
function matchSegments(pattern: readonly string[], segments: readonly string[]): string | undefined {
  if (pattern.length !== segments.length) return undefined;
  let param = '';
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part === ':param') {
      if (segment === '') return undefined;
      param = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return param;
}
