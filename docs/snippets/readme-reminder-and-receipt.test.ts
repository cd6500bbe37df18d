import { TriggerKitClient } from '@triggerkit/core';
import { startMockServer, type MockServer } from '@triggerkit/mock-server';
import { afterAll, beforeAll, expect, it } from 'vitest';

let mock: MockServer;
let braze: TriggerKitClient;
type Messages = { messages: { content: Record<string, string> }[] };
const api = async (method: string, path: string, body?: unknown): Promise<Messages> => {
  const init = { method, headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) };
  return (await fetch(`${mock.url}${path}`, init)).json() as Promise<Messages>;
};

beforeAll(async () => {
  mock = await startMockServer({
    config: {
      workspaces: [
        {
          name: 'test',
          api_keys: [{ key: 'test-key', permissions: ['campaigns.trigger.schedule.create', 'transactional.send', 'mock.inspect'] }],
          clock: { mode: 'manual', start: '2026-05-04T10:00:00Z' }, // time moves only when the test says so
          campaigns: [
            { id: 'cart-reminder', channel: 'email', message: { subject: 'Still thinking, {{${first_name}}}?', body: 'Your cart' } },
            { id: 'receipt', type: 'transactional', channel: 'email', message: { subject: 'Receipt {{api_trigger_properties.${order_id}}}', body: 'Thanks' } },
          ],
        },
      ],
    },
  });
  braze = new TriggerKitClient({ baseUrl: mock.url, apiKey: 'test-key' });
});
afterAll(() => mock.close());

it('sends a reminder scheduled for tomorrow once the mock clock gets there', async () => {
  await braze.campaigns.schedule.create({
    campaign_id: 'cart-reminder',
    recipients: [{ external_user_id: 'zoe', send_to_existing_only: false, attributes: { email: 'zoe@example.com', first_name: 'Zoe' } }],
    schedule: { time: '2026-05-05T09:00:00Z' },
  });
  expect((await api('GET', '/_mock/messages?campaign_id=cart-reminder')).messages).toEqual([]);
  await api('POST', '/_mock/clock/advance', { to: '2026-05-05T09:00:00Z' });
  const { messages } = await api('GET', '/_mock/messages?campaign_id=cart-reminder');
  expect(messages.map((m) => m.content['subject'])).toEqual(['Still thinking, Zoe?']);
});

it('sends an order receipt once, however often it is retried', async () => {
  const order = { external_send_id: 'order-A-17', trigger_properties: { order_id: 'A-17' }, recipient: { external_user_id: 'ann', attributes: { email: 'ann@example.com' } } };
  const first = await braze.transactional.send('receipt', order);
  expect(await braze.transactional.send('receipt', order)).toEqual(first);
  expect((await api('GET', '/_mock/messages?campaign_id=receipt')).messages).toHaveLength(1);
});
