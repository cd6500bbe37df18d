import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

describe.each(HOSTS)('spec 8 and 8b, /users/track and /sends/id/create: $name', (host) => {
  const { send } = serve(host);
  const post = (path: string, body: unknown) => send('POST', path, { key: KEYS.all, body });

  it('tracks attributes, events and purchases, counting only the arrays present', async () => {
    const time = '2026-01-01T00:00:00Z';
    expectJson(await post('/users/track', { attributes: [{ external_id: 'tracked', first_name: 'Tia', plan: 'pro' }] }), 201, {
      message: 'success',
      attributes_processed: 1,
    });
    expectJson(
      await post('/users/track', {
        events: [{ external_id: 'tracked', name: 'opened', time }],
        purchases: [{ external_id: 'tracked', product_id: 'p-1', currency: 'EUR', price: 9.5, time }],
      }),
      201,
      { message: 'success', events_processed: 1, purchases_processed: 1 },
    );
    const profile = (await send('GET', '/_mock/users/tracked', { key: KEYS.all })).json as { attributes: Record<string, unknown> };
    expect(profile.attributes).toMatchObject({ first_name: 'Tia', plan: 'pro' });
  });

  it('reports item-level problems without failing the request', async () => {
    const response = await post('/users/track', { attributes: [{ external_id: 'fine', first_name: 'F' }, { first_name: 'nobody' }] });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ message: 'success', attributes_processed: 1, errors: [{ type: expect.any(String), input_array: 'attributes', index: 1 }] });
  });

  it('rejects a body that is not a JSON object, and arrays over 75 items', async () => {
    expectBadRequest(await send('POST', '/users/track', { key: KEYS.all, raw: '[]' }), 'Bad Request: body must be a JSON object');
    const attributes = Array.from({ length: 76 }, (_, i) => ({ external_id: `bulk-${i}`, first_name: 'B' }));
    expect((await post('/users/track', { attributes })).status).toBe(400);
  });

  it('creates send ids, echoing a given one', async () => {
    const generated = await post('/sends/id/create', { campaign_id: 'welcome' });
    expectJson(generated, 201, { message: 'success', send_id: expect.any(String) });
    expectJson(await post('/sends/id/create', { campaign_id: 'welcome', send_id: 'spring-sale' }), 201, { message: 'success', send_id: 'spring-sale' });
  });

  it('rejects an unknown campaign and a bad send_id', async () => {
    expectJson(await post('/sends/id/create', { campaign_id: 'nope' }), 400, { message: 'Campaign does not exist', errors: ['Campaign does not exist'] });
    expectBadRequest(await post('/sends/id/create', { campaign_id: 'welcome', send_id: 'é-non-ascii' }), 'Bad Request');
    expectBadRequest(await post('/sends/id/create', { campaign_id: 'welcome', send_id: 'x'.repeat(65) }), 'Bad Request');
  });
});
