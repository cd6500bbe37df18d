/**
 * Every Braze endpoint served (TS §3–§8 and the endpoints spec), by path; a `{name}` segment is a
 * path parameter. These are the paths `PUT /_mock/faults` may name and the journal records.
 */
export const BRAZE_ENDPOINT_PATHS = [
  '/campaigns/trigger/send',
  '/canvas/trigger/send',
  '/users/track',
  '/sends/id/create',
  '/messages/send',
  '/users/export/ids',
  '/users/identify',
  '/users/alias/new',
  '/users/alias/update',
  '/users/delete',
  '/users/merge',
  '/subscription/status/set',
  '/v2/subscription/status/set',
  '/campaigns/trigger/schedule/create',
  '/campaigns/trigger/schedule/update',
  '/campaigns/trigger/schedule/delete',
  '/canvas/trigger/schedule/create',
  '/canvas/trigger/schedule/update',
  '/canvas/trigger/schedule/delete',
  '/messages/scheduled_broadcasts',
  '/subscription/status/get',
  '/subscription/user/status',
  '/transactional/v1/campaigns/{campaign_id}/send',
] as const;

export type BrazeEndpointPath = (typeof BRAZE_ENDPOINT_PATHS)[number];
