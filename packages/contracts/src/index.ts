/**
 * @triggerkit/contracts: Pact interactions for the Braze API-triggered endpoints, with the right
 * matchers and provider states, and the provider-state handlers that let the triggerkit mock
 * server verify them.
 */
export { PROVIDER_STATES, given, type ProviderState, type ProviderStateName } from './provider-states';
export { responses, type ExpectedResponse, type ExpectedItemError } from './braze-responses';
export { triggerSendInteraction, usersTrackInteraction, sendIdCreateInteraction, transactionalSendInteraction, messagesSendInteraction, usersExportIdsInteraction, type InteractionSpec, type InteractionRoute, type TriggerSendBody, type DeclaredInteraction } from './braze-interactions';
export {
  scheduleCreateInteraction,
  scheduleUpdateInteraction,
  scheduleDeleteInteraction,
  scheduledBroadcastsInteraction,
  EXAMPLE_SCHEDULE_ID,
  type ScheduleCreateBody,
  type ScheduleUpdateBody,
  type ScheduleDeleteBody,
} from './schedule-interactions';
export { mockServerStateHandlers, type StateHandlers, type StateSetupFailure, type MockServerStateOptions } from './mock-server.state-handlers';
export { contractMockServerConfig, CONTRACT_API_KEY, CONTRACT_LIMITED_API_KEY, CONTRACT_UNKNOWN_API_KEY } from './mock-server.config';
export { verifyAgainstMockServer, type VerifyAgainstMockServerOptions } from './mock-server.verifier';
