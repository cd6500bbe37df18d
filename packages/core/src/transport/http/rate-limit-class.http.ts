import type { RateLimitClass } from '../../schema/mock-config.schema';
import type { BrazeEndpointPath } from './routes.http';

/**
 * Which limit a request counts against (spec 5): trigger sends to a broadcast or an audience share
 * the lower limit; sends to listed recipients share the high one across both trigger endpoints.
 */
export function rateLimitClassOf(path: BrazeEndpointPath, body: unknown): RateLimitClass {
  switch (path) {
    case '/users/track':
      return 'users_track';
    case '/sends/id/create':
      return 'send_ids';
    case '/campaigns/trigger/send':
    case '/canvas/trigger/send':
      return targetsBroadcastOrAudience(body) ? 'broadcast' : 'trigger';
  }
}

function targetsBroadcastOrAudience(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { broadcast, audience } = body as { broadcast?: unknown; audience?: unknown };
  return broadcast === true || audience !== undefined;
}
