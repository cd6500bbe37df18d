/**
 * @triggerkit/core/client: the typed client alone, for every runtime that has `fetch` — Node, Bun,
 * Deno, Cloudflare Workers, browsers, Next.js route handlers. Nothing here (nor anything it
 * imports) uses `node:*` or Node's globals; a test bundles this entry for a non-Node platform and
 * runs it with web-standard globals only. The main entry re-exports all of it, beside the server.
 */

export {
  TriggerKitError,
  ValidationError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  AuthError,
  PermissionError,
  RateLimitedError,
  NotFoundError,
  ServerError,
  NetworkError,
  TimeoutError,
  AbortError,
  isTriggerKitError,
  brazeFailureResponse,
  type BrazeFailureResponse,
  MESSAGES,
  type MessageCode,
  type ErrorResponseInfo,
  type TriggerKitErrorOptions,
} from './errors';

// The client area's barrel is exactly its public API: the main entry's "Client" section lists the same names.
export * from './transport/client';

export {
  validateCampaignTriggerSend,
  validateCanvasTriggerSend,
  validateUsersTrack,
  validateSendsIdCreate,
  type ValidationResult,
  type UsersTrackValidation,
  type IndexedItem,
} from './rules';

export type {
  CampaignTriggerSendRequest,
  CampaignTriggerSendRequestInput,
  CanvasTriggerSendRequest,
  CanvasTriggerSendRequestInput,
  UsersTrackRequest,
  UsersTrackRequestInput,
  SendsIdCreateRequest,
  SendsIdCreateRequestInput,
  RecipientInput,
  TriggerSendResponse,
  UsersTrackResponse,
  SendsIdCreateResponse,
  ErrorResponse,
} from './schema';
