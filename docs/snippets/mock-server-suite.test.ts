// test/order-confirmation.test.ts — every test file reads the URL the global setup provided.
import { TriggerKitClient } from '@triggerkit/core';
import { beforeEach, expect, inject, it } from 'vitest';

const mockUrl = inject('brazeMockUrl');
const braze = new TriggerKitClient({ baseUrl: mockUrl, apiKey: 'test-key' });
const inspect = (path: string) => fetch(`${mockUrl}${path}`, { method: path === '/_mock/reset' ? 'POST' : 'GET', headers: { authorization: 'Bearer test-key' } });

beforeEach(async () => {
  await inspect('/_mock/reset'); // each test starts from the configured state
});

it('confirms an order to a customer Braze did not know yet', async () => {
  const { dispatches } = await braze.createAndSend({
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: 'o-1' },
    recipients: [{ external_user_id: 'zoe', attributes: { email: 'zoe@example.com', first_name: 'Zoe' } }],
  });
  const answer = await inspect(`/_mock/messages?dispatch_id=${dispatches[0]!.dispatch_id}`);
  const { messages } = (await answer.json()) as { messages: { content: { subject: string; body: string } }[] };
  expect(messages.map((message) => message.content)).toEqual([{ subject: 'Order o-1', body: 'Hi Zoe' }]);
});
