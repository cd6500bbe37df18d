import { PactV4 } from '@pact-foundation/pact';
import { CONTRACT_API_KEY, given, responses, triggerSendInteraction } from '@triggerkit/contracts';
import { RateLimitedError, TriggerKitClient } from '@triggerkit/core';
import { expect, it } from 'vitest';

// your code under test
interface Order {
  id: string;
  customer: { id: string; email: string; firstName: string };
}
async function sendOrderConfirmation(client: TriggerKitClient, order: Order) {
  return client.createAndSend({
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: order.id },
    recipients: [{ external_user_id: order.customer.id, attributes: { email: order.customer.email, first_name: order.customer.firstName }, send_to_existing_only: false }],
  });
}

const order: Order = { id: 'A-17', customer: { id: 'customer-7', email: 'zoe@example.com', firstName: 'Zoe' } };
const request = {
  campaign_id: 'order-confirmation',
  trigger_properties: { order_id: 'A-17' },
  recipients: [{ external_user_id: 'customer-7', attributes: { email: 'zoe@example.com', first_name: 'Zoe' }, send_to_existing_only: false }],
};
const pact = new PactV4({ consumer: 'shop-backend', provider: 'braze-rest-api', dir: 'pacts' });
const client = (url: string) => new TriggerKitClient({ baseUrl: url, apiKey: CONTRACT_API_KEY, retry: false });

it('confirms an order to a customer Braze does not know yet', async () => {
  await triggerSendInteraction(pact, {
    description: 'an order confirmation that creates the customer',
    apiKey: CONTRACT_API_KEY,
    states: [given.activeCampaign('order-confirmation'), given.noSuchUser('customer-7')],
    request,
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
    request,
    response: responses.rateLimited(),
  }).executeTest(async (mock) => {
    const result = await sendOrderConfirmation(client(mock.url), order);
    expect(result.failures[0]?.error).toBeInstanceOf(RateLimitedError);
  });
});
