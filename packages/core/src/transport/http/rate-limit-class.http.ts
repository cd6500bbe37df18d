import stringify from 'safe-stable-stringify';
import type { RateLimitClass } from '../../schema/mock-config.schema';
import type { BrazeEndpointPath } from './routes.http';

/** What a request counts against (spec 5): its class and, for a broadcast or audience request, its unique audience. */
export interface RateLimitTarget {
  rateClass: RateLimitClass;
  /** Rev 2: the unique audience of a broadcast-class request (see `uniqueAudienceKey`). */
  audienceKey?: string;
}

/**
 * Which limit a request counts against (spec 5): trigger sends to a broadcast or an audience share
 * the lower limit; sends to listed recipients share the high one across both trigger endpoints.
 */
export function rateLimitClassOf(path: BrazeEndpointPath, body: unknown): RateLimitClass | undefined {
  switch (path) {
    case '/users/track':
      return 'users_track';
    case '/sends/id/create':
      return 'send_ids';
    case '/campaigns/trigger/send':
    case '/canvas/trigger/send':
      return targetsBroadcastOrAudience(body) ? 'broadcast' : 'trigger';
    // Endpoints spec 13: with `broadcast`, a `segment_id` or an `audience`, the broadcast classes.
    case '/messages/send':
      return targetsBroadcastOrAudience(body) || hasField(body, 'segment_id') ? 'broadcast' : 'trigger';
    // Endpoints spec 11, 13: with `fields_to_export` naming neither received list, the fast class.
    case '/users/export/ids':
      return exportsFast(body) ? 'users_export_ids_fast' : 'users_export_ids';
    // Endpoints spec 13: the user writes of spec 7–10 share one class, the subscription POSTs another.
    case '/users/identify':
    case '/users/alias/new':
    case '/users/alias/update':
    case '/users/delete':
    case '/users/merge':
      return 'user_data';
    case '/subscription/status/set':
    case '/v2/subscription/status/set':
      return 'subscription_set';
    // Endpoints spec 13 (and 17: schedule create is `default` even with an audience).
    case '/campaigns/trigger/schedule/create':
    case '/campaigns/trigger/schedule/update':
    case '/campaigns/trigger/schedule/delete':
    case '/canvas/trigger/schedule/create':
    case '/canvas/trigger/schedule/update':
    case '/canvas/trigger/schedule/delete':
    case '/messages/scheduled_broadcasts':
    case '/subscription/status/get':
    case '/subscription/user/status':
      return 'default';
    // "Braze Transactional Emails are not subject to a rate limit" (endpoints spec 4.4).
    case '/transactional/v1/campaigns/{campaign_id}/send':
      return undefined;
  }
}

/** The class of a request and, for the broadcast class, its unique audience as well. */
export function rateLimitTargetOf(path: BrazeEndpointPath, body: unknown): RateLimitTarget | undefined {
  const rateClass = rateLimitClassOf(path, body);
  if (rateClass === undefined) return undefined;
  return rateClass === 'broadcast' ? { rateClass, audienceKey: uniqueAudienceKey(path, body) } : { rateClass };
}

/** Deeper than any valid audience (32 levels): past it the text is cut, so hostile nesting costs no stack. */
const KEY_DEPTH = 40;
const canonical = stringify.configure({ maximumDepth: KEY_DEPTH, deterministic: true });

/**
 * Spec 5, Rev 2: two broadcast or audience requests target the same unique audience when they
 * trigger the same campaign (or canvas) with the same `audience`, compared as JSON with object
 * keys sorted; no `audience` is a value of its own. Read from the body as sent (it is counted
 * before it is validated).
 *
 * @example
 * uniqueAudienceKey('/campaigns/trigger/send', { campaign_id: 'c', broadcast: true, audience: { OR: [] } });
 * // → 'campaign:"c":{"OR":[]}'
 */
export function uniqueAudienceKey(path: BrazeEndpointPath, body: unknown): string {
  const fields = typeof body === 'object' && body !== null ? (body as { campaign_id?: unknown; canvas_id?: unknown; audience?: unknown; segment_id?: unknown }) : {};
  // Endpoints spec 13: for `/messages/send` the unique audience is `segment_id` plus `audience`.
  if (path === '/messages/send') return `messages:${canonical(fields.segment_id) ?? '-'}:${fields.audience === undefined ? '-' : (canonical(fields.audience) ?? '-')}`;
  const [kind, id] = path === '/canvas/trigger/send' ? ['canvas', fields.canvas_id] : ['campaign', fields.campaign_id];
  const audience = fields.audience === undefined ? '-' : (canonical(fields.audience) ?? '-');
  return `${kind}:${canonical(id) ?? '-'}:${audience}`;
}

function exportsFast(body: unknown): boolean {
  const fields = typeof body === 'object' && body !== null ? (body as { fields_to_export?: unknown }).fields_to_export : undefined;
  return Array.isArray(fields) && !fields.includes('campaigns_received') && !fields.includes('canvases_received');
}

function hasField(body: unknown, field: string): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>)[field] !== undefined;
}

function targetsBroadcastOrAudience(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { broadcast, audience } = body as { broadcast?: unknown; audience?: unknown };
  return broadcast === true || audience !== undefined;
}
