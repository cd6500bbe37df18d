import type { Engine } from '../../engine/engine.types';
import type { Permission } from '../../schema/mock-config.schema';

/** The four Braze endpoints of the spec, the only ones that are rate-limited, fault-injected and journaled. */
export const BRAZE_ENDPOINT_PATHS = ['/campaigns/trigger/send', '/canvas/trigger/send', '/users/track', '/sends/id/create'] as const;

export type BrazeEndpointPath = (typeof BRAZE_ENDPOINT_PATHS)[number];

export interface BrazeEndpoint {
  /** What the key needs (spec 2). */
  permission: Permission;
  /** The engine method that serves it. */
  operation: keyof Pick<Engine, 'triggerCampaign' | 'triggerCanvas' | 'trackUsers' | 'createSendId'>;
}

export const BRAZE_ENDPOINTS: Readonly<Record<BrazeEndpointPath, BrazeEndpoint>> = {
  '/campaigns/trigger/send': { permission: 'campaigns.trigger.send', operation: 'triggerCampaign' },
  '/canvas/trigger/send': { permission: 'canvas.trigger.send', operation: 'triggerCanvas' },
  '/users/track': { permission: 'users.track', operation: 'trackUsers' },
  '/sends/id/create': { permission: 'sends.id.create', operation: 'createSendId' },
};

export const INSPECT_PERMISSION: Permission = 'mock.inspect';

export type InspectAction =
  | 'listMessages'
  | 'getDispatch'
  | 'getUser'
  | 'listRequests'
  | 'reset'
  | 'putCampaign'
  | 'putCanvas'
  | 'putFaults'
  | 'deleteFaults'
  | 'getClock'
  | 'advanceClock';

export type RouteMatch =
  | { kind: 'braze'; path: BrazeEndpointPath; endpoint: BrazeEndpoint }
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
  ['GET', ['users', ':param'], { kind: 'inspect', action: 'getUser' }],
  ['GET', ['requests'], { kind: 'inspect', action: 'listRequests' }],
  ['POST', ['reset'], { kind: 'inspect', action: 'reset' }],
  ['PUT', ['campaigns', ':param'], { kind: 'inspect', action: 'putCampaign' }],
  ['PUT', ['canvases', ':param'], { kind: 'inspect', action: 'putCanvas' }],
  ['PUT', ['faults'], { kind: 'inspect', action: 'putFaults' }],
  ['DELETE', ['faults'], { kind: 'inspect', action: 'deleteFaults' }],
  ['GET', ['clock'], { kind: 'inspect', action: 'getClock' }],
  ['POST', ['clock', 'advance'], { kind: 'inspect', action: 'advanceClock' }],
];

/** Resolves a method and a path (relative to the mount point, no query string) to what serves it. */
export function matchRoute(method: string, path: string): RouteMatch {
  const verb = method.toUpperCase();
  if (isBrazePath(path)) {
    return verb === 'POST' ? { kind: 'braze', path, endpoint: BRAZE_ENDPOINTS[path] } : { kind: 'method_not_allowed', allow: ['POST'] };
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

export function isBrazePath(path: string): path is BrazeEndpointPath {
  return Object.hasOwn(BRAZE_ENDPOINTS, path);
}

function splitMockPath(path: string): string[] | undefined {
  if (!path.startsWith('/_mock/')) return undefined;
  const segments = path.slice('/_mock/'.length).split('/');
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
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
