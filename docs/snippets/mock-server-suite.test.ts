// test/order-confirmation.test.ts — every test file reads the URL the global setup provided.
import { TriggerKitClient } from '@triggerkit/core';
import { expect, inject, it } from 'vitest';

const mockUrl = inject('brazeMockUrl');
const braze = new TriggerKitClient({ baseUrl: mockUrl, apiKey: 'test-key' });

it('confirms an order to a customer Braze did not know yet', async () => {
  const { dispatches } = await braze.createAndSend({
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: 'o-1' },
    recipients: [{ external_user_id: 'zoe', attributes: { email: 'zoe@example.com', first_name: 'Zoe' } }],
  });
  const answer = await fetch(`${mockUrl}/_mock/messages?dispatch_id=${dispatches[0]!.dispatch_id}`, { headers: { authorization: 'Bearer test-key' } });
  const { messages } = (await answer.json()) as { messages: { content: { subject: string; body: string } }[] };
  expect(messages.map((message) => message.content)).toEqual([{ subject: 'Order o-1', body: 'Hi Zoe' }]);
});
