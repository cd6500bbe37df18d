import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const GUEST = { alias_name: 'guest-7', alias_label: 'checkout' };
/** The `clocked` workspace's /users/track delay, which the user writes share (endpoints spec 6.2). */
const DELAY_MS = 60_000;

interface JournaledWrite {
  path: string;
  applied_at?: string | null;
  outcomes?: { path: string; outcome: string; reason: string; braze_ids: string[] }[];
}

describe.each(HOSTS)('endpoints spec 7–10, 12: user writes: $name', (host) => {
  const { send } = serve(host);
  const post = (path: string, body: unknown, key: string = KEYS.clocked) => send('POST', path, { key, body });
  const advance = async (): Promise<void> => {
    expect((await post('/_mock/clock/advance', { ms: DELAY_MS })).status).toBe(200);
  };
  const lastRequest = async (): Promise<JournaledWrite> => {
    const page = (await send('GET', '/_mock/requests?order=newest&limit=1', { key: KEYS.clocked })).json as { requests: JournaledWrite[] };
    return page.requests[0] as JournaledWrite;
  };

  beforeEach(async () => {
    expect((await post('/_mock/reset', {})).status).toBe(200);
  });

  it('guest checkout, sign-up, identify: the alias-only user is merged into the account, visible after the delay, outcomes in the journal', async () => {
    expectJson(await post('/users/alias/new', { user_aliases: [GUEST] }), 201, { aliases_processed: 1, message: 'success' });
    await advance();
    const guest = (await send('GET', '/_mock/users?alias_label=checkout&alias_name=guest-7', { key: KEYS.clocked })).json as { users: { braze_id: string }[] };
    expect(guest.users).toHaveLength(1);
    const identify = await post('/users/identify', { aliases_to_identify: [{ external_id: 'pat', user_alias: GUEST }] });
    expect(identify.headers.get('x-ratelimit-limit')).toBe('20000');
    expectJson(identify, 201, { aliases_processed: 1, message: 'success' });
    expect(await lastRequest()).toMatchObject({ path: '/users/identify', applied_at: null, outcomes: [] });
    await advance();
    const journal = (await send('GET', '/_mock/requests?order=newest&limit=5', { key: KEYS.clocked })).json as { requests: JournaledWrite[] };
    const identified = journal.requests.find((entry) => entry.path === '/users/identify');
    expect(identified).toMatchObject({ applied_at: '2026-01-01T00:02:00.000Z', outcomes: [{ path: 'aliases_to_identify[0]', outcome: 'applied', reason: 'merged' }] });
    expect(identified?.outcomes?.[0]?.braze_ids[0]).toBe(guest.users[0]?.braze_id);
    const pat = (await send('GET', '/_mock/users/pat', { key: KEYS.clocked })).json as { user_aliases: unknown[] };
    expect(pat.user_aliases).toEqual([GUEST]);
    expect(((await send('GET', '/_mock/users?alias_label=checkout&alias_name=guest-7', { key: KEYS.clocked })).json as { users: { external_id?: string }[] }).users).toMatchObject([{ external_id: 'pat' }]);
  });

  it('alias update, merge (202) and delete answer as the spec says, and their effects show', async () => {
    await post('/users/alias/new', { user_aliases: [{ ...GUEST, external_id: 'tomo' }] });
    expectJson(await post('/users/alias/update', { alias_updates: [{ alias_label: 'checkout', old_alias_name: 'guest-7', new_alias_name: 'guest-8' }] }), 201, { message: 'success' });
    expectJson(await post('/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'tomo' }, identifier_to_keep: { external_id: 'pat' } }] }), 202, { message: 'success' });
    expectJson(await post('/users/delete', { external_ids: ['vic', 'vic', 'nobody'] }), 201, { deleted: 2, message: 'success' });
    await advance();
    const pat = (await send('GET', '/_mock/users/pat', { key: KEYS.clocked })).json as { user_aliases: unknown[]; attributes: Record<string, unknown> };
    expect(pat.user_aliases).toEqual([{ alias_name: 'guest-8', alias_label: 'checkout' }]);
    // Pat's own values are kept; Tomo fills what Pat lacked.
    expect(pat.attributes).toMatchObject({ first_name: 'Pat', time_zone: 'Asia/Tokyo' });
    expect((await send('GET', '/_mock/users/tomo', { key: KEYS.clocked })).status).toBe(404);
    expect((await send('GET', '/_mock/users/vic', { key: KEYS.clocked })).status).toBe(404);
    expect((await lastRequest()).outcomes?.map((outcome) => outcome.reason)).toEqual(['deleted', 'user_not_found', 'user_not_found']);
  });

  it('subscription POSTs set a group state that the GETs and a campaign on the group see', async () => {
    const set = await post('/subscription/status/set', { subscription_group_id: 'sg-news', subscription_state: 'subscribed', external_id: ['pat', 'tomo'] });
    expectJson(set, 201, { message: 'success' });
    expect(set.headers.get('x-ratelimit-limit')).toBe('5000');
    expectJson(await send('GET', '/subscription/status/get?subscription_group_id=sg-news&external_id=pat', { key: KEYS.clocked }), 200, { status: { pat: 'Unknown' }, message: 'success' });
    await advance();
    expectJson(await send('GET', '/subscription/status/get?subscription_group_id=sg-news&external_id=pat', { key: KEYS.clocked }), 200, { status: { pat: 'Subscribed' }, message: 'success' });
    expectJson(await post('/v2/subscription/status/set', { subscription_groups: [{ subscription_group_id: 'sg-news', subscription_state: 'unsubscribed', external_ids: ['tomo'] }] }), 201, { message: 'success' });
    await advance();
    const sent = await post('/campaigns/trigger/send', { campaign_id: 'newsletter', recipients: [{ external_user_id: 'pat' }, { external_user_id: 'tomo' }] });
    const dispatch = (await send('GET', `/_mock/dispatches/${(sent.json as { dispatch_id: string }).dispatch_id}`, { key: KEYS.clocked })).json as { recipients: { outcome: string; reason?: string }[] };
    expect(dispatch.recipients.map((recipient) => [recipient.outcome, recipient.reason])).toEqual([
      ['sent', undefined],
      ['skipped', 'not_in_subscription_group'],
    ]);
  });

  it('answers each endpoint\'s rules with the spec\'s messages and writes nothing', async () => {
    expectBadRequest(await post('/users/identify', {}), 'aliases_to_identify, emails_to_identify or phone_numbers_to_identify is required');
    expectBadRequest(await post('/users/identify', { aliases_to_identify: [{ external_id: 'pat' }] }), 'Invalid identifier', ['aliases_to_identify[0].user_alias: required']);
    expectBadRequest(await post('/users/alias/new', { user_aliases: [] }), 'user_aliases is required');
    expectBadRequest(await post('/users/alias/update', { alias_updates: [{ alias_label: 'l' }] }), 'Invalid alias update');
    expectBadRequest(await post('/users/delete', { external_ids: ['a'], braze_ids: ['b'] }), 'Only one of external_ids, user_aliases, braze_ids, email_addresses or phone_numbers may be provided');
    expectBadRequest(await post('/users/merge', { merge_updates: [{ identifier_to_merge: { braze_id: 'b' }, identifier_to_keep: { external_id: 'pat' } }] }), "identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string");
    expectBadRequest(await post('/subscription/status/set', { subscription_group_id: 'sg-none', subscription_state: 'subscribed', external_id: 'pat' }), 'Subscription group does not exist');
    expectBadRequest(await post('/subscription/status/set', { subscription_group_id: 'sg-sms', subscription_state: 'subscribed', email: 'pat@example.com' }), 'Bad Request', ['email: not allowed for an sms subscription group']);
    expectBadRequest(await post('/v2/subscription/status/set', { subscription_groups: [{ subscription_group_id: 'sg-news', subscription_state: 'subscribed', emails: ['a@example.com'] }, { subscription_group_id: 'sg-sms', subscription_state: 'subscribed', phones: ['+15550100'] }] }), 'Either an email address or a phone number should be provided, but not both.');
    expectJson(await post('/users/delete', { external_ids: ['pat'] }, KEYS.clockedSendOnly), 403, { message: 'Access Denied: this API key lacks the users.delete permission' });
    await advance();
    expect((await send('GET', '/_mock/users/pat', { key: KEYS.clocked })).status).toBe(200);
  });
});
