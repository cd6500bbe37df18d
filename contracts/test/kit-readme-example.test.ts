// The README example of @triggerkit/contracts, run as written: an application's own Pact consumer
// tests declare their Braze calls with the kit, and the pact they write is verified against the
// triggerkit mock server (started in-process with startMockServer, as the README shows) with the kit's provider states.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import {
  CONTRACT_API_KEY,
  contractMockServerConfig,
  given,
  responses,
  triggerSendInteraction,
  usersTrackInteraction,
  verifyAgainstMockServer,
} from '@triggerkit/contracts';
import { RateLimitedError, TriggerKitClient } from '@triggerkit/core';
import { startMockServer } from '@triggerkit/mock-server';
import { afterAll, describe, expect, it } from 'vitest';

// --- the application code under test -------------------------------------------------------
interface Order {
  id: string;
  customer: { id: string; email: string; firstName: string };
}

async function sendOrderConfirmation(client: TriggerKitClient, order: Order) {
  return client.createAndSend({
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: order.id },
    recipients: [{ external_user_id: order.customer.id, attributes: { email: order.customer.email, first_name: order.customer.firstName } }],
  });
}

async function recordSignup(client: TriggerKitClient, customerId: string, plan: string) {
  return client.users.track({ attributes: [{ external_id: customerId, plan }] });
}

// --- the consumer tests (README: "Consumer side") ------------------------------------------
const pactDir = mkdtempSync(join(tmpdir(), 'shop-pacts-'));
const pact = new PactV4({ consumer: 'shop-backend', provider: 'braze-rest-api', dir: pactDir, logLevel: 'warn' });
const order: Order = { id: 'A-17', customer: { id: 'customer-7', email: 'zoe@example.com', firstName: 'Zoe' } };
const client = (url: string) => new TriggerKitClient({ baseUrl: url, apiKey: CONTRACT_API_KEY, retry: false });

afterAll(() => rmSync(pactDir, { recursive: true, force: true }));

/** The trigger request `sendOrderConfirmation` makes for `order`. */
const orderConfirmation = {
  campaign_id: 'order-confirmation',
  trigger_properties: { order_id: 'A-17' },
  recipients: [{ external_user_id: 'customer-7', attributes: { email: 'zoe@example.com', first_name: 'Zoe' }, send_to_existing_only: false }],
};

describe('shop-backend → Braze (README example)', () => {
  it('confirms an order to a customer Braze does not know yet', async () => {
    await triggerSendInteraction(pact, {
      description: 'an order confirmation that creates the customer',
      apiKey: CONTRACT_API_KEY,
      states: [given.activeCampaign('order-confirmation'), given.noSuchUser('customer-7')],
      request: orderConfirmation,
    }).executeTest(async (mock) => {
      const result = await sendOrderConfirmation(client(mock.url), order);
      expect(result.failures).toEqual([]);
    });
  });

  it('reports a rate-limited confirmation as a failure to retry later', async () => {
    await triggerSendInteraction(pact, {
      description: 'an order confirmation over the rate limit',
      apiKey: CONTRACT_API_KEY,
      states: [given.activeCampaign('order-confirmation'), given.rateLimitExhausted('/campaigns/trigger/send')],
      request: orderConfirmation,
      response: responses.rateLimited(),
    }).executeTest(async (mock) => {
      const result = await sendOrderConfirmation(client(mock.url), order);
      expect(result.failures[0]?.error).toBeInstanceOf(RateLimitedError);
    });
  });

  it('records a signup', async () => {
    await usersTrackInteraction(pact, {
      description: 'a signup with its plan',
      apiKey: CONTRACT_API_KEY,
      request: { attributes: [{ external_id: 'customer-7', plan: 'pro' }] },
    }).executeTest(async (mock) => {
      await expect(recordSignup(client(mock.url), 'customer-7', 'pro')).resolves.toMatchObject({ message: 'success', attributes_processed: 1 });
    });
  });
});

// --- the provider verification (README: "Verifying against the mock server") ---------------
describe('the triggerkit mock server honours the shop-backend pact (README example)', () => {
  it('verifies every interaction', async () => {
    const mock = await startMockServer({ config: contractMockServerConfig() });
    try {
      await verifyAgainstMockServer({ providerBaseUrl: mock.url, pactUrls: [join(pactDir, 'shop-backend-braze-rest-api.json')] });
    } finally {
      await mock.close();
    }
  });
});
