import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { CONTRACT_API_KEY } from './mock-server.config';
import { mockServerStateHandlers, type StateSetupFailure } from './mock-server.state-handlers';

export interface VerifyAgainstMockServerOptions {
  /** Base URL of a running triggerkit mock server. */
  providerBaseUrl: string;
  /** Pact files (paths or URLs) whose provider is the Braze REST API. */
  pactUrls: string[];
  /** A key with `users.track` and `mock.inspect` for the state handlers. Default `CONTRACT_API_KEY`. */
  apiKey?: string;
  /** Provider name as the pacts spell it. Default `braze-rest-api`. */
  provider?: string;
  /** Any other `Verifier` option (logLevel, timeout, ...). */
  verifierOptions?: Partial<VerifierOptions>;
}

/**
 * Replays pact files against a running triggerkit mock server with the kit's state handlers.
 * Rejects if any interaction does not match, or if any provider state could not be set up
 * (which Pact itself only logs).
 *
 * @example
 * await verifyAgainstMockServer({ providerBaseUrl: 'http://127.0.0.1:4599', pactUrls: [resolve('pacts/my-app-braze-rest-api.json')] });
 */
export async function verifyAgainstMockServer(options: VerifyAgainstMockServerOptions): Promise<void> {
  const failures: StateSetupFailure[] = [];
  const stateHandlers = mockServerStateHandlers(options.providerBaseUrl, options.apiKey ?? CONTRACT_API_KEY, { onFailure: (failure) => failures.push(failure) });
  const verification = new Verifier({
    provider: options.provider ?? 'braze-rest-api',
    logLevel: 'warn',
    ...options.verifierOptions,
    providerBaseUrl: options.providerBaseUrl,
    pactUrls: options.pactUrls,
    stateHandlers,
  }).verifyProvider();
  const mismatch = await verification.then(
    () => undefined,
    (error: unknown) => error,
  );
  // A state that was not set up explains the mismatches it causes, so it is reported first.
  if (failures.length > 0) {
    const lines = failures.map((failure) => `  - '${failure.state}' ${JSON.stringify(failure.params)}: ${failure.error.message}`);
    throw new Error(`provider states could not be set up on the mock server:\n${lines.join('\n')}`, mismatch === undefined ? undefined : { cause: mismatch });
  }
  if (mismatch !== undefined) throw mismatch;
}
