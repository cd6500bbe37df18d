import { TriggerKitClient } from '@triggerkit/core';
import { expect, it } from 'vitest';

const mockUrl = process.env.BRAZE_MOCK_URL ?? 'http://127.0.0.1:4010';
const client = new TriggerKitClient({ apiKey: 'acme-all', baseUrl: mockUrl });

it('sends although a /users/track write would still be propagating', async () => {
  const res = await client.createAndSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1', attributes: { email: 'a@example.com', gender: 'F' } }] });
  const answer = await fetch(`${mockUrl}/_mock/dispatches/${res.dispatches[0]!.dispatch_id}`, { headers: { authorization: 'Bearer acme-all' } });
  const dispatch = (await answer.json()) as { recipients: { outcome: string }[] };
  expect(dispatch.recipients[0]?.outcome).toBe('sent');
});
