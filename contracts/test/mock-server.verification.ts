import { contractMockServerConfig, verifyAgainstMockServer } from '@triggerkit/contracts';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADAPTERS, type RunningMockServer, startMockServer } from '../src/mock-server.process';
import { PROVIDER } from '../src/pact-files';

/**
 * The provider side: replays `pactFile` against the mock server as users run it, once per
 * framework that can host it, with the kit's one set of provider-state handlers.
 */
export function describeMockServerVerification(pactFile: string): void {
  describe.each(ADAPTERS)('the mock server on %s honours the triggerkit-client contract', (adapter) => {
    let server: RunningMockServer | undefined;
    beforeAll(async () => {
      server = await startMockServer({ adapter, config: contractMockServerConfig() });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('verifies every interaction', async () => {
      if (!server) throw new Error('the mock server did not start');
      await verifyAgainstMockServer({ providerBaseUrl: server.url, provider: PROVIDER, pactUrls: [pactFile] });
    });
  });
}
