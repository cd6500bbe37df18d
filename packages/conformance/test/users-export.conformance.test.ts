import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

describe.each(HOSTS)('endpoints spec 11, POST /users/export/ids: $name', (host) => {
  const { send } = serve(host);
  const post = (body: unknown, key: string = KEYS.clocked) => send('POST', '/users/export/ids', { key, body });

  beforeEach(async () => {
    expect((await send('POST', '/_mock/reset', { key: KEYS.clocked, body: {} })).status).toBe(200);
  });

  it('exports the fields asked for in identifier order, lists unmatched ids, and counts against the fast class', async () => {
    const response = await post({ external_ids: ['vic', 'nobody', 'pat'], fields_to_export: ['external_id', 'first_name', 'custom_attributes', 'push_tokens', 'devices'] });
    expectJson(response, 201, {
      message: 'success',
      users: [
        {
          external_id: 'vic',
          first_name: 'Vic',
          custom_attributes: { vip: true },
          push_tokens: [
            { app: 'ios-app', platform: 'ios', token: 'vic-ios', notifications_enabled: true },
            { app: 'android-app', platform: 'android', token: 'vic-android', notifications_enabled: true },
          ],
          devices: [],
        },
        { external_id: 'pat', first_name: 'Pat', devices: [] },
      ],
      invalid_user_ids: ['nobody'],
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('40');
  });

  it('lists the campaigns a user received, counted against the slower class, and never writes', async () => {
    const sent = await send('POST', '/campaigns/trigger/send', { key: KEYS.clocked, body: { campaign_id: 'reminder', recipients: [{ external_user_id: 'pat' }] } });
    expect(sent.status, sent.text).toBe(201);
    const response = await post({ external_ids: ['pat'], fields_to_export: ['campaigns_received'] });
    expectJson(response, 201, {
      message: 'success',
      users: [{ campaigns_received: [{ name: 'Cart reminder', api_campaign_id: 'reminder', last_received: '2026-01-01T00:00:00.000Z', engaged: {}, converted: false }] }],
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('250');
    expect((await send('GET', '/_mock/users/pat', { key: KEYS.clocked })).json).toMatchObject({ updated_at: '2026-01-01T00:00:00.000Z' });
  });

  it('answers each request-level rule with its message', async () => {
    expectBadRequest(await post({ fields_to_export: ['email'] }), 'At least one identifier is required');
    expectBadRequest(await post({ external_ids: ['vic'], email_address: 'vic@example.com', fields_to_export: ['email'] }), 'Only one of device_id, email_address or phone may be provided, and not with other identifiers');
    expectBadRequest(await post({ external_ids: Array.from({ length: 51 }, (_, i) => `u-${i}`), fields_to_export: ['email'] }), 'a single request may not contain more than 50 external_ids and user_aliases');
    expectBadRequest(await post({ external_ids: ['vic'] }), 'fields_to_export is required', ['fields_to_export: required']);
    expectBadRequest(await post({ external_ids: ['vic'], fields_to_export: ['shoe_size'] }), 'Bad Request', ['fields_to_export[0]: unknown field']);
  });

  it('needs the users.export.ids permission', async () => {
    expectJson(await post({ external_ids: ['vic'], fields_to_export: ['email'] }, KEYS.clockedSendOnly), 403, { message: 'Access Denied: this API key lacks the users.export.ids permission' });
  });
});
