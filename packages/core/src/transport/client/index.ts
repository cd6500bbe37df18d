export { TriggerKitClient, type TriggerKitClientOptions, type CallOptions, type BatchCallOptions } from './triggerkit.client';
export { INSTANCES, type InstanceName, type ClientTarget } from './instances.client';
export type { RetryOptions, DuplicateRiskOptions } from './retry-policy.client';
export type { ClientHooks, ClientRequestEvent, ClientResponseEvent } from './client-hooks.types';
export type { RateLimitWindow } from './rate-limit-tracker.client';
export type {
  CreateAndSendRequest,
  UpdateAndSendRequest,
  CreateRecipient,
  UpdateRecipient,
  BatchSendResult,
  BatchDispatch,
  BatchFailure,
} from './create-and-send.client';
export type { FetchFunction } from './fetch-attempt.client';
export type { Sleep } from './sleep.client';
export { errorFromResponse, type ErrorContext } from './error-mapping.client';
