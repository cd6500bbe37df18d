import { join } from 'node:path';
import { CONTRACT_UNKNOWN_API_KEY, contractMockServerConfig, verifyAgainstMockServer } from '@triggerkit/contracts';
import { MESSAGES } from '@triggerkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMockServer, startMockServer } from '../src/mock-server.process';
import { type Mutation, type ProxiedResponse, rewriteJsonBody, startMutatingProxy } from '../src/mutating-proxy';
import { COMMITTED_PACT_DIR, PACT_FILE_NAME, PROVIDER } from '../src/pact-files';

const PACT = join(COMMITTED_PACT_DIR, PACT_FILE_NAME);

const isTrigger = (response: ProxiedResponse) => response.path === '/campaigns/trigger/send' || response.path === '/canvas/trigger/send';

/** Each is a provider that is wrong in one way a client would notice; the contract must catch every one. */
const WRONG_PROVIDERS: { name: string; mutation: Mutation; failingInteraction: string }[] = [
  {
    name: 'answers 201 without a dispatch_id',
    mutation: rewriteJsonBody(
      (response) => isTrigger(response) && response.status === 201,
      ({ dispatch_id: _dropped, ...rest }) => rest,
    ),
    failingInteraction: 'a create-and-send for a user that does not exist yet',
  },
  {
    name: 'words the invalid-recipient message its own way',
    mutation: rewriteJsonBody(
      (response) => response.status === 400 && response.body.includes(MESSAGES.invalid_recipient),
      (body) => ({ ...body, message: 'Invalid recipients' }),
    ),
    failingInteraction: 'a trigger whose recipient has two identifiers',
  },
  {
    name: 'answers 429 without Retry-After',
    mutation: (response) => {
      if (response.status !== 429) return response;
      const { 'retry-after': _dropped, ...headers } = response.headers;
      return { ...response, headers };
    },
    failingInteraction: 'a trigger over the rate limit',
  },
  {
    name: 'hides /users/track item errors',
    mutation: rewriteJsonBody(
      (response) => response.path === '/users/track' && response.status === 201,
      ({ errors: _dropped, ...rest }) => rest,
    ),
    failingInteraction: 'a users/track with an event missing its time',
  },
  {
    name: 'answers trigger sends with 200 instead of 201',
    mutation: (response) => (isTrigger(response) && response.status === 201 ? { ...response, status: 200 } : response),
    failingInteraction: 'a trigger with attributes for an unknown user and the default send_to_existing_only',
  },
];

describe('verification is not vacuous', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ adapter: 'express', config: contractMockServerConfig() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function verifyThrough(mutation: Mutation): Promise<void> {
    const proxy = await startMutatingProxy(server.url, mutation);
    try {
      await verifyAgainstMockServer({ providerBaseUrl: proxy.url, provider: PROVIDER, pactUrls: [PACT] });
    } finally {
      await proxy.close();
    }
  }

  it('a proxy that changes nothing passes (so the failures below are the mutations)', async () => {
    await verifyThrough((response) => response);
  });

  it.each(WRONG_PROVIDERS)('a provider that $name fails verification', async ({ mutation, failingInteraction }) => {
    const failure = await verifyThrough(mutation).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(failingInteraction);
  });

  it('a provider state that cannot be set up fails verification even though Pact only logs it', async () => {
    // An unknown key: every state handler's call is refused with 401, so no state is set up.
    const failure = await verifyAgainstMockServer({ providerBaseUrl: server.url, provider: PROVIDER, pactUrls: [PACT], apiKey: CONTRACT_UNKNOWN_API_KEY }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('provider states could not be set up on the mock server');
    expect((failure as Error).message).toContain("'a workspace with no users and no pending faults' {}: POST /_mock/reset answered 401");
  });
});
