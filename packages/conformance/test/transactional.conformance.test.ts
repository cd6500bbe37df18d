import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest } from './support/assertions';
import { serve } from './support/host-session';

const PATH = '/transactional/v1/campaigns/receipt/send';
const STARTED = '2026-01-01T00:00:00.000+00:00';

interface Postback {
  dispatch_id: string;
  status: string;
  metadata: Record<string, string>;
}
interface Attempt {
  url: string;
  body: Postback;
  status: number | null;
}

/** A real receiver on 127.0.0.1 for the postbacks (endpoints spec 4.4). */
let receiver: Server;
let receiverUrl = '';
const received: Postback[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(text) as Postback);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/braze-postbacks`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

describe.each(HOSTS)('endpoints spec 4, transactional email with postbacks: $name', (host) => {
  const { send } = serve(host);
  const post = (path: string, body: unknown, key: string = KEYS.clocked) => send('POST', path, { key, body });
  const get = (path: string) => send('GET', path, { key: KEYS.clocked });
  const put = (path: string, body: unknown) => send('PUT', path, { key: KEYS.clocked, body });

  /** Postbacks are sent after the answer: wait until `count` attempts are listed. */
  async function attempts(count: number): Promise<Attempt[]> {
    for (let tries = 0; tries < 200; tries++) {
      const listed = ((await get('/_mock/postbacks')).json as { postbacks: Attempt[] }).postbacks;
      if (listed.length >= count) return listed;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`fewer than ${count} postbacks were attempted`);
  }

  beforeEach(async () => {
    expect((await post('/_mock/reset', {})).status).toBe(200);
    received.length = 0;
  });

  it('creates the user from external_user_id + attributes and sends, with no rate-limit headers; postbacks follow in order', async () => {
    expect((await put('/_mock/settings', { transactional_postback_url: receiverUrl })).json).toEqual({ transactional_postback_url: receiverUrl });
    const response = await post(PATH, { external_send_id: 'order-1', trigger_properties: { order_id: 'A-17' }, recipient: { external_user_id: 'guest-9', attributes: { email: 'g9@example.com', first_name: 'Gia' } } });
    expect(response.status, response.text).toBe(201);
    const body = response.json as { dispatch_id: string };
    expect(response.json).toEqual({ dispatch_id: expect.any(String), status: 'sent', metadata: { campaign_api_id: 'receipt', external_send_id: 'order-1' } });
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    const messages = ((await get(`/_mock/messages?dispatch_id=${body.dispatch_id}`)).json as { messages: Record<string, unknown>[] }).messages;
    expect(messages).toEqual([expect.objectContaining({ source: 'transactional', external_send_id: 'order-1', content: { subject: 'Receipt A-17', body: 'Thanks Gia' } })]);
    expect(((await get('/_mock/messages?source=transactional')).json as { messages: unknown[] }).messages).toHaveLength(1);
    expect(((await get('/_mock/messages?source=trigger')).json as { messages: unknown[] }).messages).toHaveLength(0);
    expectBadRequest(await get('/_mock/messages?source=email'), 'Bad Request', ['query.source: must be one of trigger, messages_send, schedule, transactional']);
    expect(((await get('/_mock/users/guest-9')).json as { attributes: Record<string, unknown> }).attributes).toMatchObject({ email: 'g9@example.com' });
    const listed = await attempts(3);
    expect(listed.map((attempt) => [attempt.body.status, attempt.status, attempt.url])).toEqual([
      ['sent', 204, receiverUrl],
      ['processed', 204, receiverUrl],
      ['delivered', 204, receiverUrl],
    ]);
    expect(listed[0]?.body.metadata).toEqual({ campaign_api_id: 'receipt', external_send_id: 'order-1', received_at: STARTED, enqueued_at: STARTED, executed_at: STARTED, sent_at: STARTED });
    expect(received.map((postback) => postback.dispatch_id)).toEqual([body.dispatch_id, body.dispatch_id, body.dispatch_id]);
  });

  it('answers a repeat external_send_id with the first answer until 24 hours of mock time pass', async () => {
    const body = { external_send_id: 'order-2', recipient: { external_user_id: 'pat' } };
    const first = (await post(PATH, body)).json as { dispatch_id: string };
    expect((await post(PATH, body)).json).toEqual(first);
    expect(((await get('/_mock/messages?campaign_id=receipt')).json as { messages: unknown[] }).messages).toHaveLength(1);
    expect((await post('/_mock/clock/advance', { ms: 86_400_000 })).status).toBe(200);
    const later = (await post(PATH, body)).json as { dispatch_id: string };
    expect(later.dispatch_id).not.toBe(first.dispatch_id);
    // Reset forgets the keys too.
    await post('/_mock/reset', {});
    expect(((await post(PATH, body)).json as { dispatch_id: string }).dispatch_id).not.toBe(later.dispatch_id);
  });

  it('aborts an unknown user with the reason in the postback, and sends nothing without a URL', async () => {
    const response = await post(PATH, { recipient: { user_alias: { alias_name: 'nobody', alias_label: 'checkout' } } });
    expect(response.json).toMatchObject({ status: 'aborted', metadata: { campaign_api_id: 'receipt' } });
    expect(((await get('/_mock/postbacks')).json as { postbacks: unknown[] }).postbacks).toEqual([]);
    await put('/_mock/settings', { transactional_postback_url: receiverUrl });
    await post(PATH, { recipient: { external_user_id: 'ghost' } });
    const [aborted] = await attempts(1);
    expect(aborted?.body).toMatchObject({ status: 'aborted', metadata: { aborted_at: STARTED, reason: 'User not found' } });
  });

  it('rejects bad requests with the spec’s messages, writing nothing', async () => {
    expectBadRequest(await post(PATH, {}), 'Invalid recipient', ['recipient: required']);
    expectBadRequest(await post(PATH, { recipient: { external_user_id: 'pat', user_alias: { alias_name: 'a', alias_label: 'b' } } }), 'Invalid recipient', [
      'recipient: specify exactly one of external_user_id, user_alias',
    ]);
    expectBadRequest(await post(PATH, { external_send_id: 'not allowed!', recipient: { external_user_id: 'pat' } }), 'Bad Request', [/^external_send_id: /]);
    expectBadRequest(await post(PATH, { trigger_properties: { big: 'x'.repeat(52_000) }, recipient: { external_user_id: 'pat' } }), 'trigger_properties exceeds 50KB');
    const empty = await post('/transactional/v1/campaigns//send', { recipient: { external_user_id: 'pat' } });
    expect({ status: empty.status, message: (empty.json as { message: string }).message }).toEqual({ status: 400, message: 'campaign_id must be a string of the campaign api identifier' });
    const cases: [string, string][] = [
      ['/transactional/v1/campaigns/nope/send', 'Campaign does not exist'],
      ['/transactional/v1/campaigns/reminder/send', 'The campaign is not a transactional campaign. Only transactional campaigns may use this endpoint'],
      ['/transactional/v1/campaigns/paused-receipt/send', 'The campaign is paused. Resume the campaign in order for trigger requests to take effect.'],
    ];
    for (const [path, message] of cases) {
      const answer = await post(path, { external_send_id: 'k-1', recipient: { external_user_id: 'pat' } });
      expect({ status: answer.status, message: (answer.json as { message: string }).message }).toEqual({ status: 400, message });
    }
    const trigger = await post('/campaigns/trigger/send', { campaign_id: 'receipt', recipients: [{ external_user_id: 'pat' }] });
    expect((trigger.json as { message: string }).message).toBe('The campaign is not an API-triggered campaign');
    expect(((await get('/_mock/messages')).json as { messages: unknown[] }).messages).toEqual([]);
    const settings = await put('/_mock/settings', { transactional_postback_url: 'file:///etc/passwd' });
    expect({ status: settings.status, message: (settings.json as { message: string }).message }).toEqual({ status: 400, message: 'Bad Request' });
  });

  it('needs the transactional.send permission', async () => {
    const denied = await post(PATH, { recipient: { external_user_id: 'pat' } }, KEYS.clockedSendOnly);
    expect({ status: denied.status, message: (denied.json as { message: string }).message }).toEqual({ status: 403, message: 'Access Denied: this API key lacks the transactional.send permission' });
  });
});
