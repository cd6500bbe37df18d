import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const EMAIL = { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Hi {{${first_name}}}', body: '<p>Sale</p>', headers: { 'X-Campaign': 'spring' } };
const SMS = { subscription_group_id: 'sg-sms', app_id: 'sms', body: 'Code for {{${first_name}}}' };

interface Message {
  id: string;
  channel: string;
  platform?: string;
  source: string;
  recipient: { external_user_id?: string; address?: string };
  content: Record<string, unknown>;
}
interface Entry {
  index: number;
  identifier: { external_user_id?: string };
  outcome: string;
  reason?: string;
  message_type?: string;
  message_id?: string;
}

describe.each(HOSTS)('endpoints spec 3, POST /messages/send: $name', (host) => {
  const { send } = serve(host);
  const post = (body: unknown, key: string = KEYS.clocked) => send('POST', '/messages/send', { key, body });
  const get = (path: string) => send('GET', path, { key: KEYS.clocked });

  beforeEach(async () => {
    expect((await send('POST', '/_mock/reset', { key: KEYS.clocked, body: {} })).status).toBe(200);
  });

  it('sends each message object to each listed user, counted as trigger, and inspection shows every entry and message', async () => {
    const response = await post({ external_user_ids: ['vic', 'pat', 'nobody'], campaign_id: 'api-promo', send_id: 'spring', messages: { email: EMAIL, apple_push: { alert: 'Sale, {{${first_name}}}' }, sms: SMS } });
    expect(response.status, response.text).toBe(201);
    expect(response.json).toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: 'spring' });
    expect(response.headers.get('x-ratelimit-limit')).toBe('250000');
    const { dispatch_id: dispatchId } = response.json as { dispatch_id: string };
    const dispatch = (await get(`/_mock/dispatches/${dispatchId}`)).json as { campaign_id: string; recipients: Entry[] };
    expect(dispatch.campaign_id).toBe('api-promo');
    expect(dispatch.recipients.map((e) => [e.index, e.message_type, e.reason ?? e.outcome])).toEqual([
      [0, 'email', 'sent'],
      [0, 'apple_push', 'sent'],
      [0, 'sms', 'sent'],
      [1, 'email', 'sent'],
      [1, 'apple_push', 'no_push_token'],
      [1, 'sms', 'no_phone'],
      [2, 'email', 'user_not_found'],
      [2, 'apple_push', 'user_not_found'],
      [2, 'sms', 'user_not_found'],
    ]);
    const messages = ((await get(`/_mock/messages?dispatch_id=${dispatchId}`)).json as { messages: Message[] }).messages;
    expect(messages.map((m) => [m.source, m.channel, m.platform ?? null, m.recipient.external_user_id, m.recipient.address])).toEqual([
      ['messages_send', 'email', null, 'vic', 'vic@example.com'],
      ['messages_send', 'push', 'ios', 'vic', 'vic-ios'],
      ['messages_send', 'sms', null, 'vic', '+15550100'],
      ['messages_send', 'email', null, 'pat', 'pat@example.com'],
    ]);
    expect(messages[0]?.content).toEqual({ ...EMAIL, subject: 'Hi Vic' });
    expect(messages[1]?.content).toEqual({ alert: 'Sale, Vic', tokens: ['vic-ios'] });
    expect(messages[2]?.content['body']).toBe('Code for Vic');
    expect(((await get('/_mock/messages?source=messages_send')).json as { messages: unknown[] }).messages).toHaveLength(4);
  });

  it('broadcasts to a configured segment, counted against the broadcast limits (the headers show the tighter, per-audience one)', async () => {
    const response = await post({ broadcast: true, segment_id: 'vip', messages: { android_push: { alert: 'Hi {{${first_name}}}', title: 'VIP' } } });
    expect(response.status, response.text).toBe(201);
    expect(response.headers.get('x-ratelimit-limit')).toBe('10');
    const dispatch = (await get(`/_mock/dispatches/${(response.json as { dispatch_id: string }).dispatch_id}`)).json as { recipients: Entry[] };
    expect(dispatch.recipients.map((e) => [e.identifier.external_user_id, e.message_type, e.outcome])).toEqual([['vic', 'android_push', 'sent']]);
    const [message] = ((await get('/_mock/messages?source=messages_send')).json as { messages: Message[] }).messages;
    expect(message).toMatchObject({ platform: 'android', content: { alert: 'Hi Vic', title: 'VIP', tokens: ['vic-android'] } });
  });

  it('answers each request-level rule with its message and stores nothing', async () => {
    expectBadRequest(await post({ external_user_ids: ['vic'] }), 'No messages', ['messages: required']);
    expectBadRequest(await post({ external_user_ids: Array.from({ length: 51 }, (_, i) => `u-${i}`), messages: { sms: SMS } }), 'The max number of external_ids and aliases per request was exceeded');
    expectBadRequest(await post({ external_user_ids: ['vic'], broadcast: true, messages: { sms: SMS } }), 'broadcast cannot be true when recipients are specified');
    expectBadRequest(await post({ messages: { sms: SMS } }), 'No Recipients');
    expectBadRequest(await post({ broadcast: true, messages: { sms: SMS } }), 'broadcast requires a segment_id or an audience');
    expectBadRequest(await post({ user_aliases: [{ alias_name: 'a' }], messages: { sms: SMS } }), 'Invalid recipient', ['user_aliases[0].alias_label: required']);
    expectBadRequest(await post({ external_user_ids: ['vic'], recipient_subscription_state: 'maybe', messages: { sms: SMS } }), 'Bad Request', [
      'recipient_subscription_state: must be one of opted_in, subscribed, all',
    ]);
    expectBadRequest(await post({ external_user_ids: ['vic'], audience: { AND: [] }, messages: { sms: SMS } }), 'Invalid audience');
    expectBadRequest(await post({ external_user_ids: ['vic'], messages: { email: { ...EMAIL, email_template_id: 't' }, webhook: {} } }), 'Invalid messages', [
      'messages.email.email_template_id: not supported by triggerkit',
      'messages.webhook: not supported by triggerkit',
    ]);
    expectBadRequest(await post({ external_user_ids: ['vic'], override_frequency_capping: 'yes', messages: { sms: SMS } }), 'Bad Request');
    expectBadRequest(await post({ external_user_ids: ['vic'], messages: { sms: { ...SMS, subscription_group_id: 'sg-news' } } }), 'Invalid messages');
    expectBadRequest(await post({ external_user_ids: ['vic'], segment_id: 'nope', messages: { sms: SMS } }), 'Segment does not exist');
    expectBadRequest(await post({ external_user_ids: ['vic'], campaign_id: 'reminder', messages: { sms: SMS } }), 'campaign_id must be the id of an API campaign');
    expect(((await get('/_mock/messages')).json as { messages: unknown[] }).messages).toEqual([]);
  });

  it('needs the messages.send permission', async () => {
    expectJson(await post({ external_user_ids: ['vic'], messages: { sms: SMS } }, KEYS.clockedSendOnly), 403, { message: 'Access Denied: this API key lacks the messages.send permission' });
  });
});
