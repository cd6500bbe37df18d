import type { VerifierOptions } from '@pact-foundation/pact';
import { PROVIDER_STATES, type ProviderStateName } from './provider-states';

/** Pact's state-handler map (the `stateHandlers` option of `Verifier`). */
export type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** A provider state the mock server could not be put into. */
export interface StateSetupFailure {
  state: string;
  params: unknown;
  error: Error;
}

export interface MockServerStateOptions {
  /**
   * Called when a state cannot be set up. Pact only logs a failing state handler and goes on
   * verifying, so collect these and fail the run (`verifyAgainstMockServer` does).
   */
  onFailure?: (failure: StateSetupFailure) => void;
  /** How long an existing user may take to become visible (spec 8 propagation). Default 5000 ms. */
  visibilityTimeoutMs?: number;
}

type Params = Record<string, unknown>;

const DEFAULT_MESSAGES: Record<string, Record<string, string>> = {
  email: { subject: 'Contract test', body: 'Hi {{${first_name} | default: \'there\'}}' },
  push: { title: 'Contract test', body: 'Hi {{${first_name} | default: \'there\'}}' },
  sms: { body: 'Hi {{${first_name} | default: \'there\'}}' },
};

/**
 * Provider-state handlers that put a running triggerkit mock server into every state of the
 * contract kit, only through its public surface: `/_mock/reset`, `/_mock/campaigns`,
 * `/_mock/canvases`, `/_mock/faults`, `/_mock/users` and `/users/track`. `apiKey` needs the
 * `users.track` and `mock.inspect` permissions (see `contractMockServerConfig`).
 *
 * @example
 * await new Verifier({
 *   providerBaseUrl: mock.url,
 *   pactUrls: ['pacts/my-app-braze-rest-api.json'],
 *   stateHandlers: mockServerStateHandlers(mock.url, CONTRACT_API_KEY),
 * }).verifyProvider();
 */
export function mockServerStateHandlers(baseUrl: string, apiKey: string, options: MockServerStateOptions = {}): StateHandlers {
  const api = mockApi(baseUrl, apiKey);
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 5_000;
  const setups: Record<ProviderStateName, (params: Params) => Promise<void | Record<string, string>>> = {
    [PROVIDER_STATES.cleanWorkspace]: async () => api.ensure('POST', '/_mock/reset'),
    [PROVIDER_STATES.activeCampaign]: async (params) => api.ensure('PUT', `/_mock/campaigns/${idParam(params, 'campaign_id')}`, deliveryDefinition(params)),
    [PROVIDER_STATES.activeTransactionalCampaign]: async (params) =>
      api.ensure('PUT', `/_mock/campaigns/${idParam(params, 'campaign_id')}`, { type: 'transactional', ...deliveryDefinition({ ...params, channel: 'email' }) }),
    [PROVIDER_STATES.activeApiCampaign]: async (params) => api.ensure('PUT', `/_mock/campaigns/${idParam(params, 'campaign_id')}`, { type: 'api', status: 'active' }),
    [PROVIDER_STATES.scheduledCampaignTrigger]: async (params) => {
      const campaignId = stringParam(params, 'campaign_id');
      await api.expectOk('PUT', `/_mock/campaigns/${idParam(params, 'campaign_id')}`, deliveryDefinition({ channel: 'email' }));
      const created = await api.expectOk('POST', '/campaigns/trigger/schedule/create', {
        campaign_id: campaignId,
        recipients: [{ external_user_id: 'contract-scheduled-user' }],
        schedule: { time: stringParam(params, 'time') },
      });
      const scheduleId = (created as { schedule_id?: unknown }).schedule_id;
      if (typeof scheduleId !== 'string') throw new Error(`schedule create answered without a schedule_id: ${JSON.stringify(created)}`);
      return { schedule_id: scheduleId };
    },
    // A clean workspace restarts its clock; a manual one moves forward only (endpoints spec 2).
    [PROVIDER_STATES.clockAt]: async (params) => {
      await api.expectOk('POST', '/_mock/clock/advance', { to: stringParam(params, 'time') });
    },
    [PROVIDER_STATES.activeCanvas]: async (params) => api.ensure('PUT', `/_mock/canvases/${idParam(params, 'canvas_id')}`, deliveryDefinition(params)),
    [PROVIDER_STATES.existingUser]: async (params) => {
      const externalId = stringParam(params, 'external_id');
      await api.expectOk('POST', '/users/track', { attributes: [{ ...objectParam(params, 'attributes'), external_id: externalId }] });
      await api.waitForUser(externalId, visibilityTimeoutMs);
    },
    [PROVIDER_STATES.noSuchUser]: async (params) => api.expectNoUser(stringParam(params, 'external_id')),
    // Campaigns outlive a reset and cannot be deleted; the mock server only has those it was given.
    [PROVIDER_STATES.noSuchCampaign]: async () => undefined,
    [PROVIDER_STATES.rateLimitExhausted]: async (params) =>
      api.ensure('PUT', '/_mock/faults', { status: 429, count: 1, paths: [stringParam(params, 'path')] }),
    // API keys and their permissions come from the mock server's configuration at start.
    [PROVIDER_STATES.keyWithoutPermission]: async () => undefined,
    [PROVIDER_STATES.unknownApiKey]: async () => undefined,
  };
  return Object.fromEntries(
    Object.entries(setups).map(([state, setup]) => [state, reporting(state, setup, options.onFailure)]),
  ) as StateHandlers;
}

/** Runs a state's setup, reporting a failure; what it returns is injected into the interaction (`fromProviderState`). */
function reporting(state: string, setup: (params: Params) => Promise<void | Record<string, string>>, onFailure: MockServerStateOptions['onFailure']) {
  return async (params?: unknown): Promise<Record<string, string> | undefined> => {
    const given = isRecord(params) ? params : {};
    try {
      return (await setup(given)) ?? undefined;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      onFailure?.({ state, params: given, error });
      throw error;
    }
  };
}

function deliveryDefinition(params: Params): Record<string, unknown> {
  const channel = stringParam(params, 'channel');
  const message = DEFAULT_MESSAGES[channel];
  if (message === undefined) throw new Error(`channel must be one of ${Object.keys(DEFAULT_MESSAGES).join(', ')}, got '${channel}'`);
  return { status: 'active', channel, message, ...(params.segment === undefined ? {} : { segment: params.segment }) };
}

function mockApi(baseUrl: string, apiKey: string) {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  };
  return {
    async ensure(method: string, path: string, body?: unknown): Promise<void> {
      await this.expectOk(method, path, body);
    },
    /** The call's JSON answer (or undefined), when it is a 2xx. */
    async expectOk(method: string, path: string, body?: unknown): Promise<unknown> {
      const { status, text } = await call(method, path, body);
      if (status < 200 || status > 299) throw new Error(`${method} ${path} answered ${status}: ${text}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
    async expectNoUser(externalId: string): Promise<void> {
      const { status, text } = await call('GET', `/_mock/users/${encodeURIComponent(externalId)}`);
      if (status !== 404) throw new Error(`user '${externalId}' should not exist, but GET /_mock/users answered ${status}: ${text}`);
    },
    /**
     * Waits until the user is visible (spec 8's propagation delay). A manual mock clock never moves
     * by itself (endpoints spec 2), so it is advanced in doubling steps until the write is visible.
     */
    async waitForUser(externalId: string, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let manualStepMs: number | undefined;
      for (let attempt = 0; ; attempt++) {
        const { status, text } = await call('GET', `/_mock/users/${encodeURIComponent(externalId)}`);
        if (status === 200) return;
        if (status !== 404 || Date.now() > deadline) throw new Error(`user '${externalId}' did not become visible: GET /_mock/users answered ${status}: ${text}`);
        if (attempt === 0) manualStepMs = (await call('GET', '/_mock/clock')).text.includes('"mode":"manual"') ? 100 : undefined;
        if (manualStepMs !== undefined) {
          await this.expectOk('POST', '/_mock/clock/advance', { ms: manualStepMs });
          manualStepMs *= 2;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    },
  };
}

function isRecord(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw new Error(`provider state parameter '${name}' must be a non-empty string`);
  return value;
}

function idParam(params: Params, name: string): string {
  return encodeURIComponent(stringParam(params, name));
}

function objectParam(params: Params, name: string): Params {
  const value = params[name] ?? {};
  if (!isRecord(value)) throw new Error(`provider state parameter '${name}' must be an object`);
  return value;
}
