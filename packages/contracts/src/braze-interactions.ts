import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import type {
  CampaignTriggerSendRequestInput,
  CanvasTriggerSendRequestInput,
  MessagesSendRequestInput,
  UsersExportIdsRequestInput,
  SendsIdCreateRequestInput,
  TransactionalSendBody,
  UsersTrackRequestInput,
} from '@triggerkit/core';
import { type ExpectedResponse, JSON_CONTENT_TYPE_PATTERN, responses } from './braze-responses';
import { PROVIDER_STATES, type ProviderState } from './provider-states';

type UnconfiguredInteraction = ReturnType<PactV4['addInteraction']>;
/** A declared interaction, ready for `.executeTest(async (mockServer) => ...)`. */
export type DeclaredInteraction = ReturnType<ReturnType<UnconfiguredInteraction['withRequest']>['willRespondWith']>;

/** What every interaction of the kit needs. */
export interface InteractionSpec<Body> {
  /** Unique within the pact: what the consumer does ("a create-and-send for a new user"). */
  description: string;
  /** The key the consumer sends as `Authorization: Bearer <key>`; replayed as is by the verifier. */
  apiKey: string;
  /** Facts the provider must set up first; a clean workspace is always set up before them. */
  states?: readonly ProviderState[];
  /** The JSON body the consumer sends, matched exactly. */
  request: Body;
  /**
   * The `Content-Type` the consumer sends, matched exactly; the body is then not compared (the
   * type alone decides). Default: `application/json` (parameters allowed), the body matched
   * exactly as JSON. Set it to record a 415 (spec 2, Rev 2) with `responses.unsupportedMediaType()`.
   */
  contentType?: string;
  /** Defaults to the endpoint's success response. */
  response?: ExpectedResponse;
}

/** A campaign or canvas trigger body; `canvas_id` selects `/canvas/trigger/send`. Bodies that break the spec's rules (two identifiers, 51 recipients) still type-check, for 400 contracts. */
export type TriggerSendBody = CampaignTriggerSendRequestInput | CanvasTriggerSendRequestInput;

/**
 * Declares a `POST /campaigns/trigger/send` (or, with `canvas_id`, `/canvas/trigger/send`)
 * interaction with the kit's provider states and response matchers; run it with `.executeTest`.
 *
 * @example
 * await triggerSendInteraction(pact, {
 *   description: 'an order confirmation that creates the user',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.activeCampaign('order-confirmation'), given.noSuchUser('u-1')],
 *   request: { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1', send_to_existing_only: false, attributes: { email: 'ann@example.com' } }] },
 * }).executeTest(async (mock) => {
 *   const client = new TriggerKitClient({ baseUrl: mock.url, apiKey: CONTRACT_API_KEY, retry: false });
 *   await client.campaigns.triggerSend({ ... });
 * });
 */
export function triggerSendInteraction(pact: PactV4, spec: InteractionSpec<TriggerSendBody>): DeclaredInteraction {
  const path = 'canvas_id' in spec.request ? '/canvas/trigger/send' : '/campaigns/trigger/send';
  const broadcast = (spec.request as { broadcast?: unknown }).broadcast === true;
  return declare(pact, path, spec, spec.response ?? responses.triggerSendSucceeded({ broadcast }));
}

/**
 * Declares a `POST /users/track` interaction. The default response counts every item as processed.
 *
 * @example
 * await usersTrackInteraction(pact, {
 *   description: 'tracking a new plan',
 *   apiKey: CONTRACT_API_KEY,
 *   request: { attributes: [{ external_id: 'u-1', plan: 'pro' }] },
 * }).executeTest(async (mock) => { ... });
 */
export function usersTrackInteraction(pact: PactV4, spec: InteractionSpec<UsersTrackRequestInput>): DeclaredInteraction {
  return declare(pact, '/users/track', spec, spec.response ?? responses.usersTrackSucceeded(processedCounts(spec.request)));
}

/**
 * Declares a `POST /sends/id/create` interaction (the campaign must exist: add `given.activeCampaign`).
 *
 * @example
 * await sendIdCreateInteraction(pact, {
 *   description: 'a send id for the spring sale',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.activeCampaign('spring-sale')],
 *   request: { campaign_id: 'spring-sale', send_id: 'spring-2026' },
 * }).executeTest(async (mock) => { ... });
 */
export function sendIdCreateInteraction(pact: PactV4, spec: InteractionSpec<SendsIdCreateRequestInput>): DeclaredInteraction {
  return declare(pact, '/sends/id/create', spec, spec.response ?? responses.sendIdCreated(spec.request.send_id));
}

/**
 * Declares a `POST /transactional/v1/campaigns/{campaign_id}/send` interaction (add
 * `given.activeTransactionalCampaign`). The default response echoes the campaign and
 * `external_send_id` and matches `status` by shape.
 *
 * @example
 * await transactionalSendInteraction(pact, {
 *   description: 'an order receipt for a new customer',
 *   apiKey: CONTRACT_API_KEY,
 *   campaignId: 'receipt',
 *   states: [given.activeTransactionalCampaign('receipt')],
 *   request: { external_send_id: 'order-A-17', recipient: { external_user_id: 'u-1', attributes: { email: 'ann@example.com' } } },
 * }).executeTest(async (mock) => { ... });
 */
export function transactionalSendInteraction(pact: PactV4, spec: InteractionSpec<TransactionalSendBody> & { campaignId: string }): DeclaredInteraction {
  const path = `/transactional/v1/campaigns/${encodeURIComponent(spec.campaignId)}/send`;
  return declare(pact, path, spec, spec.response ?? responses.transactionalSendAccepted(spec.campaignId, spec.request.external_send_id));
}

/**
 * Declares a `POST /messages/send` interaction (endpoints spec 3): content in the request, to
 * listed users (add `given.existingUser` for each) and, with `campaign_id`, tracked under an API
 * campaign (`given.activeApiCampaign`). The default response echoes `send_id` when given.
 *
 * @example
 * await messagesSendInteraction(pact, {
 *   description: 'a password-reset SMS to an existing user',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.existingUser('u-1', { phone: '+15550100' })],
 *   request: { external_user_ids: ['u-1'], messages: { email: { app_id: 'web', from: 'shop@example.com', body: 'Reset' } } },
 * }).executeTest(async (mock) => { ... });
 */
export function messagesSendInteraction(pact: PactV4, spec: InteractionSpec<MessagesSendRequestInput>): DeclaredInteraction {
  return declare(pact, '/messages/send', spec, spec.response ?? responses.messagesSent(spec.request.send_id));
}

/**
 * Declares a `POST /users/export/ids` interaction (endpoints spec 11). Give the expected
 * `response` with `responses.usersExported(users, invalidUserIds?)`: each user object exactly, with
 * only the fields the request names.
 *
 * @example
 * await usersExportIdsInteraction(pact, {
 *   description: 'exporting a customer after checkout',
 *   apiKey: CONTRACT_API_KEY,
 *   states: [given.existingUser('u-1', { email: 'ann@example.com' })],
 *   request: { external_ids: ['u-1'], fields_to_export: ['external_id', 'email'] },
 *   response: responses.usersExported([{ external_id: 'u-1', email: 'ann@example.com' }]),
 * }).executeTest(async (mock) => { ... });
 */
export function usersExportIdsInteraction(pact: PactV4, spec: InteractionSpec<UsersExportIdsRequestInput>): DeclaredInteraction {
  return declare(pact, '/users/export/ids', spec, spec.response ?? responses.usersExported([]));
}

/** Where and how an interaction is sent: a POST with a JSON body (default), or a GET with a query. */
export interface InteractionRoute {
  method?: 'POST' | 'GET';
  /** GET: the query parameters, matched exactly. */
  query?: Record<string, string>;
  /** POST: the body as sent, when it holds matchers (a value injected from a provider state). */
  body?: unknown;
}

/** Declares one interaction of the kit: a clean workspace, the spec's states, the request and the expected response. */
export function declare(pact: PactV4, path: string, spec: InteractionSpec<object>, response: ExpectedResponse, route: InteractionRoute = {}): DeclaredInteraction {
  const states = [{ name: PROVIDER_STATES.cleanWorkspace, params: {} }, ...(spec.states ?? [])];
  const unconfigured = states.reduce<UnconfiguredInteraction>((interaction, state) => interaction.given(state.name, state.params), pact.addInteraction());
  return unconfigured
    .uponReceiving(spec.description)
    .withRequest(route.method ?? 'POST', path, (builder) => {
      const authorization = MatchersV3.regex('^Bearer \\S+$', `Bearer ${spec.apiKey}`);
      if (route.method === 'GET') {
        builder.headers({ Authorization: authorization }).query(route.query ?? {});
        return;
      }
      if (spec.contentType !== undefined) {
        // The type alone decides a 415, so the body is not part of such a contract (Pact would sniff JSON text as JSON).
        builder.headers({ 'Content-Type': spec.contentType, Authorization: authorization });
        return;
      }
      builder.headers({ 'Content-Type': MatchersV3.regex(JSON_CONTENT_TYPE_PATTERN, 'application/json'), Authorization: authorization }).jsonBody(route.body ?? spec.request);
    })
    .willRespondWith(response.status, (builder) => {
      builder.headers(response.headers).jsonBody(response.body);
    });
}

function processedCounts(request: UsersTrackRequestInput): { attributes_processed?: number; events_processed?: number; purchases_processed?: number } {
  const counts: { attributes_processed?: number; events_processed?: number; purchases_processed?: number } = {};
  if (Array.isArray(request.attributes)) counts.attributes_processed = request.attributes.length;
  if (Array.isArray(request.events)) counts.events_processed = request.events.length;
  if (Array.isArray(request.purchases)) counts.purchases_processed = request.purchases.length;
  return counts;
}
