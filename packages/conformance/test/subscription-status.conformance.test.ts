import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

describe.each(HOSTS)('endpoints spec 12, the subscription GETs: $name', (host) => {
  const { send } = serve(host);
  const get = (path: string, key: string = KEYS.clocked) => send('GET', path, { key });

  beforeEach(async () => {
    expect((await send('POST', '/_mock/reset', { key: KEYS.clocked, body: {} })).status).toBe(200);
  });

  it('GET /subscription/status/get: a state per external id, Unknown without history, a holder by phone', async () => {
    expectJson(await get('/subscription/status/get?subscription_group_id=sg-sms&external_id=vic&external_id=pat&external_id=nobody'), 200, {
      status: { vic: 'Subscribed', pat: 'Unknown' },
      message: 'success',
    });
    expectJson(await get('/subscription/status/get?subscription_group_id=sg-sms&phone[]=%2B15550100'), 200, { status: { vic: 'Subscribed' }, message: 'success' });
    expectJson(await get('/subscription/status/get?subscription_group_id=sg-sms&email=nobody@example.com'), 200, { status: {}, message: 'User not found' });
    expect((await get('/subscription/status/get?subscription_group_id=sg-sms&external_id=vic')).headers.get('x-ratelimit-limit')).toBe('250000');
  });

  it('GET /subscription/user/status: the configured groups each user has history in, paged', async () => {
    expectJson(await get('/subscription/user/status?external_id=vic&external_id=pat&email=vic@example.com'), 200, {
      message: 'success',
      total_count: 2,
      users: [
        { external_id: 'vic', email: 'vic@example.com', phone: '+15550100', subscription_groups: [{ id: 'sg-sms', name: 'Alerts', channel: 'sms', status: 'Subscribed' }] },
        { external_id: 'pat', email: 'pat@example.com', subscription_groups: [] },
      ],
    });
    const paged = (await get('/subscription/user/status?external_id=vic&external_id=pat&limit=1&offset=1')).json as { total_count: number; users: { external_id: string }[] };
    expect([paged.total_count, paged.users.map((user) => user.external_id)]).toEqual([2, ['pat']]);
  });

  it('answers the query rules with their messages, and needs the permissions', async () => {
    expectBadRequest(await get('/subscription/status/get?external_id=vic'), 'Bad Request', ['query.subscription_group_id: required']);
    expectBadRequest(await get('/subscription/status/get?subscription_group_id=sg-sms'), 'Bad Request', ['external_id, email or phone is required']);
    expectBadRequest(await get('/subscription/status/get?subscription_group_id=sg-sms&email=a@example.com&phone=%2B1555'), 'Either an email address or a phone number should be provided, but not both.');
    expectBadRequest(await get('/subscription/status/get?subscription_group_id=nope&external_id=vic'), 'Subscription group does not exist');
    const many = Array.from({ length: 51 }, (_, i) => `external_id=u-${i}`).join('&');
    expectBadRequest(await get(`/subscription/user/status?${many}`), 'a single request may not contain more than 50 external_id values');
    // Email with phone ranks before the 50-value limit.
    const emails = Array.from({ length: 51 }, (_, i) => `email=u${i}@example.com`).join('&');
    expectBadRequest(await get(`/subscription/status/get?subscription_group_id=sg-sms&phone=%2B1555&${emails}`), 'Either an email address or a phone number should be provided, but not both.');
    expectBadRequest(await get('/subscription/user/status?external_id=vic&limit=101'), 'Bad Request', ['query.limit: must be an integer from 1 to 100']);
    expectJson(await get('/subscription/status/get?subscription_group_id=sg-sms&external_id=vic', KEYS.clockedSendOnly), 403, { message: 'Access Denied: this API key lacks the subscription.status.get permission' });
    expectJson(await get('/subscription/user/status?external_id=vic', KEYS.clockedSendOnly), 403, { message: 'Access Denied: this API key lacks the subscription.groups.get permission' });
  });
});
