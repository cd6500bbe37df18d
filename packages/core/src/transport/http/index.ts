export type * from './http.types';
export { DEFAULT_BODY_LIMIT_BYTES, readRequestBody, type ReadRequestBodyOptions, type ReadRequestBodyResult } from './read-request-body.http';
export {
  createTriggerKitHandler,
  DEFAULT_JOURNAL_LIMIT,
  type HttpLogger,
  type TriggerKitHandler,
  type TriggerKitHandlerOptions,
} from './triggerkit.handler';
export {
  fromNodeRequest,
  listen,
  toNodeListener,
  writeNodeResponse,
  type FromNodeRequestOptions,
  type ListenOptions,
  type ListeningServer,
  type NodeListenerOptions,
  type NodeRequestLike,
  type NodeRequestListener,
} from './node-listener.http';
export { toFetchHandler, type FetchHandler, type FetchHandlerOptions } from './fetch.http';
export { JSON_CONTENT_TYPE, brazeErrorBodyOf, type BrazeErrorBody } from './json-response.http';
export { parseQueryString } from './query-string.http';
export { BRAZE_ENDPOINT_PATHS, type BrazeEndpointPath } from './routes.http';
export { mockFaultSchema, type MockFault, MAX_FAULT_LATENCY_MS } from './mock-fault.schema';
export { DEFAULT_JOURNAL_LIMITS, type JournalEntry, type JournalLimits } from './request-journal.http';
