import { MESSAGES, StoreUnavailableError, TriggerKitError, ValidationError } from '../../errors';
import { createEngine } from '../../engine/create-engine';
import { configTemplateProblems } from '../../engine/render/config-templates.check';
import type { Engine } from '../../engine/engine.types';
import { validateMockServerConfig } from '../../rules/request-validation/mock-config.validation';
import type { MockServerConfig, MockServerConfigInput } from '../../schema/mock-config.schema';
import type { Store } from '../../engine/ports/store.port';
import { type Clock, systemClock } from '../../engine/support/clock';
import { serveBrazeEndpoint } from './braze-endpoint.http';
import type { HttpHandler, HttpRequest, HttpResponse } from './http.types';
import { serveInspection } from './inspection.http';
import { errorResponse, jsonResponse, rawJsonResponse } from './json-response.http';
import { openApiDocument } from '../../schema/json-schema';
import { parseQueryString, splitRequestTarget } from './query-string.http';
import { isUnsupportedMediaType } from './media-type.http';
import { matchRoute } from './routes.http';
import { createServingState, type ServingState } from './serving-state.http';
import { DEFAULT_JOURNAL_LIMITS, type JournalLimits } from './request-journal.http';

/** Where unexpected failures (bugs, a broken store) are reported. `console` fits. Never given keys or bodies. */
export interface HttpLogger {
  error(message: string, details?: Record<string, unknown>): void;
}

export interface TriggerKitHandlerOptions {
  /** The mock-server configuration (spec 13), validated here (Liquid templates included): an invalid one throws a `ValidationError` listing every problem by path. */
  config: MockServerConfigInput | MockServerConfig;
  /** Default: `createEngine({ config, store, clock })`, closed by `close()`. A given engine is the caller's to close. */
  engine?: Engine;
  /** Passed to the default engine. */
  store?: Store;
  /** Rate-limit windows and journal times; also passed to the default engine. Default: the system clock. */
  clock?: Clock;
  /** Default: `console`. */
  logger?: HttpLogger;
  /** Journal entries kept per workspace for `GET /_mock/requests`, oldest dropped first. Default 1000. Same as `journal.maxEntries`. */
  journalLimit?: number;
  /** Bounds of each workspace's journal (entries, total bytes, bytes per body). Default `DEFAULT_JOURNAL_LIMITS` (1,000 entries, 16 MB, 64 KB). */
  journal?: Partial<JournalLimits>;
  /** Messages and dispatch records kept per workspace (passed to the default engine). Default 10,000. */
  maxMessages?: number;
  /** Where the default engine reports a delayed `/users/track` write that failed to apply (it stays pending and is retried). */
  onPropagationError?: (error: unknown) => void;
  /** How injected latency waits. Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

export interface TriggerKitHandler {
  /** Serves the four Braze endpoints, `/_mock/*`, `/_mock/health` and `/_mock/openapi.json` (both without a key). Never rejects. */
  handle: HttpHandler;
  engine: Engine;
  /** Closes the engine if this handler created it. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_JOURNAL_LIMIT = 1000;

const INVALID_CONFIG_MESSAGE = 'Invalid mock server configuration';

/**
 * The framework-neutral server: every host (Express router, Nest module, the mock server, `listen`)
 * delegates to `handle`. Authentication, permissions, rate limits, body limits, faults, the journal
 * and the mapping of errors to statuses all happen here, once.
 *
 * @example
 * const server = createTriggerKitHandler({ config: { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] }] } });
 * const response = await server.handle({ method: 'POST', path: '/users/track', headers: { authorization: 'Bearer k' }, rawBody: '{"attributes":[]}' });
 * // response.status === 201
 * await server.close();
 */
export function createTriggerKitHandler(options: TriggerKitHandlerOptions): TriggerKitHandler {
  const config = validatedConfig(options.config);
  const clock = options.clock ?? systemClock;
  const state = createServingState(config.workspaces, clock, journalLimits(options));
  const engine =
    options.engine ??
    createEngine({
      config,
      clock,
      ...(options.store === undefined ? {} : { store: options.store }),
      ...(options.maxMessages === undefined ? {} : { maxMessages: options.maxMessages }),
      ...(options.onPropagationError === undefined ? {} : { onPropagationError: options.onPropagationError }),
    });
  const ownsEngine = options.engine === undefined;
  const handle = createHandle({
    state,
    engine,
    clock,
    logger: options.logger ?? console,
    sleep: options.sleep ?? delay,
  });
  let closing: Promise<void> | undefined;
  return { handle, engine, close: () => (closing ??= ownsEngine ? engine.close() : Promise.resolve()) };
}

function journalLimits(options: TriggerKitHandlerOptions): JournalLimits {
  const limits: JournalLimits = { ...DEFAULT_JOURNAL_LIMITS, maxEntries: options.journalLimit ?? DEFAULT_JOURNAL_LIMIT, ...options.journal };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`journal.${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

/** The configuration's schema, then its Liquid: a template that does not parse fails here, not at every send. */
function validatedConfig(input: unknown): MockServerConfig {
  const result = validateMockServerConfig(input);
  if (!result.ok) throw new ValidationError('invalid_config', INVALID_CONFIG_MESSAGE, result.errors);
  const templateProblems = configTemplateProblems(result.value);
  if (templateProblems.length > 0) throw new ValidationError('invalid_config', INVALID_CONFIG_MESSAGE, templateProblems);
  return result.value;
}

interface HandleDeps {
  state: ServingState;
  engine: Engine;
  clock: Clock;
  logger: HttpLogger;
  sleep: (ms: number) => Promise<void>;
}

function createHandle(deps: HandleDeps): HttpHandler {
  const reportUnexpected = (error: unknown, where: string): void => {
    try {
      deps.logger.error(`triggerkit: unexpected error serving ${where}`, { error });
    } catch {
      // A failing logger must not turn a 500 into a crash.
    }
  };
  const endpointDeps = { ...deps, now: () => deps.clock.now(), reportUnexpected };
  return async (request) => {
    try {
      return await route(endpointDeps, request);
    } catch (error) {
      if (error instanceof StoreUnavailableError) reportUnexpected(error, 'a request (the store failed; answered 503)');
      else if (!(error instanceof TriggerKitError)) reportUnexpected(error, 'a request');
      return errorResponse(error);
    }
  };
}

async function route(deps: Parameters<typeof serveBrazeEndpoint>[0], request: HttpRequest): Promise<HttpResponse> {
  if (request.clientAborted === true) return { ...jsonResponse(400, { message: MESSAGES.client_aborted }), dropConnection: true };
  const { path, search } = splitRequestTarget(String(request.path));
  // Spec 2, Rev 2: first of all, before the key or the body is looked at: nothing counted, no rate-limit headers.
  if (isUnsupportedMediaType({ ...request, path })) return jsonResponse(415, { message: MESSAGES.unsupported_media_type });
  const match = matchRoute(String(request.method), path);
  switch (match.kind) {
    case 'braze':
      return serveBrazeEndpoint(deps, match, request, request.query ?? parseQueryString(search));
    case 'inspect':
      return serveInspection(deps, match.action, match.param, request, request.query ?? parseQueryString(search));
    case 'health':
      return jsonResponse(200, { status: 'ok' });
    case 'openapi':
      return rawJsonResponse(200, (openApiText ??= JSON.stringify(openApiDocument())));
    case 'method_not_allowed':
      return jsonResponse(405, { message: MESSAGES.method_not_allowed }, { allow: match.allow.join(', ') });
    case 'not_found':
      return jsonResponse(404, { message: MESSAGES.not_found });
  }
}

/** The OpenAPI document of the endpoints served here, generated from the schemas once, on first request. */
let openApiText: string | undefined;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
