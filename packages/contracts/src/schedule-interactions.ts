import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import type {
  CampaignScheduleCreateRequestInput,
  CampaignScheduleDeleteRequestInput,
  CampaignScheduleUpdateRequestInput,
  CanvasScheduleCreateRequestInput,
} from '@triggerkit/core';
import { declare, type DeclaredInteraction, type InteractionSpec } from './braze-interactions';
import { responses } from './braze-responses';

/** A schedule create body; `canvas_id` selects `/canvas/trigger/schedule/create`. */
export type ScheduleCreateBody = CampaignScheduleCreateRequestInput | CanvasScheduleCreateRequestInput;

/** An update or delete body without `schedule_id`: the provider's schedule id is injected (`given.scheduledCampaignTrigger`). */
export type ScheduleUpdateBody = Omit<CampaignScheduleUpdateRequestInput, 'schedule_id'>;
export type ScheduleDeleteBody = Omit<CampaignScheduleDeleteRequestInput, 'schedule_id'>;

/** The example id the consumer test sees; the verifier sends the id its provider state created. */
export const EXAMPLE_SCHEDULE_ID = 'schedule-example-1';

/**
 * Declares a `POST /campaigns/trigger/schedule/create` (or, with `canvas_id`, the canvas one)
 * interaction (endpoints spec 5.1). Schedule times are judged against the provider's clock: add
 * `given.clockAt(...)` so the time stays in the future however old the pact gets.
 *
 * @example
 * await scheduleCreateInteraction(pact, {
 *   description: 'a cart reminder scheduled for tomorrow',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.clockAt('2026-01-01T00:00:00Z'), given.activeCampaign('cart-reminder')],
 *   request: { campaign_id: 'cart-reminder', recipients: [{ external_user_id: 'u-1' }], schedule: { time: '2026-01-02T09:00:00Z' } },
 * }).executeTest(async (mock) => { ... });
 */
export function scheduleCreateInteraction(pact: PactV4, spec: InteractionSpec<ScheduleCreateBody>): DeclaredInteraction {
  const path = 'canvas_id' in spec.request ? '/canvas/trigger/schedule/create' : '/campaigns/trigger/schedule/create';
  return declare(pact, path, spec, spec.response ?? responses.scheduleCreated());
}

/**
 * Declares a `POST /campaigns/trigger/schedule/update` interaction (endpoints spec 5.3) on the
 * schedule a `given.scheduledCampaignTrigger` state created: its `schedule_id` is injected from
 * that state (the consumer test sees `EXAMPLE_SCHEDULE_ID`).
 *
 * @example
 * await scheduleUpdateInteraction(pact, {
 *   description: 'moving a reminder to the day after',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.clockAt('2026-01-01T00:00:00Z'), given.scheduledCampaignTrigger('cart-reminder', '2026-01-02T09:00:00Z')],
 *   request: { campaign_id: 'cart-reminder', schedule: { time: '2026-01-03T09:00:00Z' } },
 * }).executeTest(async (mock) => { ... });
 */
export function scheduleUpdateInteraction(pact: PactV4, spec: InteractionSpec<ScheduleUpdateBody>): DeclaredInteraction {
  return declare(pact, '/campaigns/trigger/schedule/update', spec, spec.response ?? responses.scheduleChanged(), { body: withInjectedScheduleId(spec.request) });
}

/** Declares a `POST /campaigns/trigger/schedule/delete` interaction (endpoints spec 5.4), the `schedule_id` injected as for update. */
export function scheduleDeleteInteraction(pact: PactV4, spec: InteractionSpec<ScheduleDeleteBody>): DeclaredInteraction {
  return declare(pact, '/campaigns/trigger/schedule/delete', spec, spec.response ?? responses.scheduleChanged(), { body: withInjectedScheduleId(spec.request) });
}

/**
 * Declares a `GET /messages/scheduled_broadcasts?end_time=…` interaction (endpoints spec 5.5).
 * Give the expected `response` (e.g. `responses.scheduledBroadcasts([...])`); the default expects
 * none.
 */
export function scheduledBroadcastsInteraction(pact: PactV4, spec: Omit<InteractionSpec<{ end_time: string }>, 'contentType'>): DeclaredInteraction {
  return declare(pact, '/messages/scheduled_broadcasts', spec, spec.response ?? responses.scheduledBroadcasts([]), { method: 'GET', query: { end_time: spec.request.end_time } });
}

function withInjectedScheduleId(request: object): Record<string, unknown> {
  return { ...request, schedule_id: MatchersV3.fromProviderState('${schedule_id}', EXAMPLE_SCHEDULE_ID) };
}
