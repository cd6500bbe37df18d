import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectCreated } from './support/assertions';
import { serve, type HostSession } from './support/host-session';

interface DispatchEntry {
  index: number;
  identifier: Record<string, unknown>;
  outcome: 'sent' | 'skipped';
  reason?: string;
  created: boolean;
  message_id?: string;
}
interface Message {
  id: string;
  dispatch_id: string;
  send_id?: string;
  campaign_id?: string;
  canvas_id?: string;
  channel: string;
  recipient: Record<string, unknown>;
  content: Record<string, string>;
  trigger_properties: Record<string, unknown>;
  sent_at: string;
}

async function triggerAndInspect(session: HostSession, path: string, body: object) {
  const created = expectCreated(await session.send('POST', path, { key: KEYS.all, body }));
  const dispatch = (await session.send('GET', `/_mock/dispatches/${created.dispatch_id}`, { key: KEYS.all })).json as { dispatch_id: string; recipients: DispatchEntry[] };
  const messages = ((await session.send('GET', `/_mock/messages?dispatch_id=${created.dispatch_id}`, { key: KEYS.all })).json as { messages: Message[] }).messages;
  return { created, dispatch, messages, outcomes: dispatch.recipients.map(({ outcome, reason, created: wasCreated }) => ({ outcome, reason, created: wasCreated })) };
}

const sent = (created = false) => ({ outcome: 'sent', reason: undefined, created });
const skipped = (reason: string) => ({ outcome: 'skipped', reason, created: false });

describe.each(HOSTS)('spec 3.3–3.5 and 4, create and send over HTTP: $name', (host) => {
  const session = serve(host);
  const campaign = (body: object) => triggerAndInspect(session, '/campaigns/trigger/send', body);
  const user = async (id: string) => session.send('GET', `/_mock/users/${encodeURIComponent(id)}`, { key: KEYS.all });

  it('creates a missing user from attributes, segments it as updated, renders and sends', async () => {
    const result = await campaign({
      campaign_id: 'order-confirmation',
      trigger_properties: { order_id: 'A-17' },
      recipients: [{ external_user_id: 'new-zoe', send_to_existing_only: false, attributes: { email: 'zoe@example.com', first_name: 'Zoe', gender: 'F' } }],
    });
    expect(result.created).toEqual({ dispatch_id: expect.any(String), message: 'success' });
    expect(result.outcomes).toEqual([sent(true)]);
    expect(result.dispatch.recipients[0]).toMatchObject({ index: 0, identifier: { external_user_id: 'new-zoe' }, message_id: result.messages[0]?.id });
    expect(result.messages).toEqual([
      expect.objectContaining({
        dispatch_id: result.created.dispatch_id,
        campaign_id: 'order-confirmation',
        channel: 'email',
        recipient: expect.objectContaining({ external_user_id: 'new-zoe', braze_id: expect.any(String) }),
        content: { subject: 'Order A-17', body: 'Hi Zoe' },
        trigger_properties: { order_id: 'A-17' },
      }),
    ]);
    const profile = (await user('new-zoe')).json as { external_id: string; attributes: Record<string, unknown> };
    expect(profile).toMatchObject({ external_id: 'new-zoe', attributes: { email: 'zoe@example.com', first_name: 'Zoe', gender: 'F' } });
  });

  it('does not create a user without attributes (user_not_found), nor with send_to_existing_only left true', async () => {
    const result = await campaign({
      campaign_id: 'welcome',
      recipients: [
        { external_user_id: 'ghost-1', send_to_existing_only: false },
        { external_user_id: 'ghost-2', attributes: { first_name: 'G' } },
      ],
    });
    expect(result.outcomes).toEqual([skipped('user_not_found'), skipped('user_not_found')]);
    expect((await user('ghost-1')).status).toBe(404);
    expect((await user('ghost-2')).status).toBe(404);
  });

  it('update and send: inline attributes are applied before the segment is evaluated', async () => {
    const before = await campaign({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'cat' }] });
    expect(before.outcomes).toEqual([skipped('not_in_segment')]);
    const after = await campaign({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'cat', attributes: { gender: 'F' } }] });
    expect(after.outcomes).toEqual([sent()]);
    expect(((await user('cat')).json as { attributes: Record<string, unknown> }).attributes).toMatchObject({ gender: 'F' });
  });

  it('skips a recipient outside the segment, and a duplicate (the first occurrence wins)', async () => {
    const result = await campaign({
      campaign_id: 'order-confirmation',
      recipients: [{ external_user_id: 'bob' }, { external_user_id: 'ann' }, { external_user_id: 'ann', attributes: { first_name: 'Twice' } }],
    });
    expect(result.outcomes).toEqual([skipped('not_in_segment'), sent(), skipped('duplicate')]);
    expect(result.messages.map((m) => m.content.body)).toEqual(['Hi Ann']);
  });

  it('overlays recipient trigger_properties on the top-level ones, per key', async () => {
    const result = await campaign({
      campaign_id: 'order-confirmation',
      trigger_properties: { order_id: 'TOP', coupon: 'C1' },
      recipients: [{ external_user_id: 'ann', trigger_properties: { order_id: 'MINE' } }],
    });
    expect(result.messages[0]).toMatchObject({ content: { subject: 'Order MINE' }, trigger_properties: { order_id: 'MINE', coupon: 'C1' } });
  });

  it('checks reachability per channel', async () => {
    expect((await campaign({ campaign_id: 'welcome', recipients: [{ external_user_id: 'dan' }] })).outcomes).toEqual([skipped('no_email')]);
    expect((await campaign({ campaign_id: 'sms-alert', recipients: [{ external_user_id: 'ann' }] })).outcomes).toEqual([skipped('no_phone')]);
    expect((await campaign({ campaign_id: 'push-news', recipients: [{ external_user_id: 'bob' }, { external_user_id: 'ann' }] })).outcomes).toEqual([
      skipped('no_push_token'),
      sent(),
    ]);
    const unsubscribed = await campaign({ campaign_id: 'welcome', recipients: [{ external_user_id: 'bob', attributes: { email_subscribe: 'unsubscribed' } }] });
    expect(unsubscribed.outcomes).toEqual([skipped('unsubscribed')]);
  });

  it('skips recipients outside the request audience, and aborted renders', async () => {
    const audience = { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } };
    const result = await campaign({ campaign_id: 'welcome', audience, recipients: [{ external_user_id: 'ann' }, { external_user_id: 'cat', attributes: { plan: 'pro' } }] });
    expect(result.outcomes).toEqual([skipped('not_in_audience'), sent()]);
    expect((await campaign({ campaign_id: 'aborting', recipients: [{ external_user_id: 'ann' }] })).outcomes).toEqual([skipped('aborted')]);
  });

  it('broadcasts to every profile in segment and audience, answering with a send_id', async () => {
    const audience = { custom_attribute: { custom_attribute_name: 'vip', comparison: 'equals', value: true } };
    await campaign({ campaign_id: 'welcome', recipients: [{ external_user_id: 'bob', attributes: { vip: true, email_subscribe: 'subscribed' } }] });
    const result = await campaign({ campaign_id: 'welcome', broadcast: true, audience });
    expect(result.created).toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: expect.any(String) });
    expect(result.dispatch.recipients).toEqual([expect.objectContaining({ identifier: { external_user_id: 'bob' }, outcome: 'sent' })]);
    expect(result.messages.map((m) => m.send_id)).toEqual([result.created.send_id]);
  });

  it('canvas: context and its legacy name reach the template under both names', async () => {
    for (const field of ['context', 'canvas_entry_properties']) {
      const result = await triggerAndInspect(session, '/canvas/trigger/send', { canvas_id: 'onboarding', recipients: [{ external_user_id: 'ann', [field]: { step: 3 } }] });
      expect(result.outcomes).toEqual([sent()]);
      expect(result.messages[0]).toMatchObject({ canvas_id: 'onboarding', channel: 'push', content: { title: 'Welcome', body: '3/3' } });
    }
  });

  it('resolves an email recipient through its prioritization', async () => {
    const result = await campaign({ campaign_id: 'welcome', recipients: [{ email: 'ann@example.com', prioritization: ['identified'] }] });
    expect(result.outcomes).toEqual([sent()]);
    expect(result.messages[0]?.recipient).toMatchObject({ external_user_id: 'ann' });
  });

  it('reproduces the /users/track race, and the inline attributes fix it', async () => {
    const post = (path: string, body: object) => session.send('POST', path, { key: KEYS.slow, body });
    const user = { external_id: 'racer', email: 'racer@example.com', first_name: 'Rae', gender: 'F' };
    expect((await post('/users/track', { attributes: [user] })).status).toBe(201);
    const racing = expectCreated(await post('/campaigns/trigger/send', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'racer' }] }));
    const raced = (await session.send('GET', `/_mock/dispatches/${racing.dispatch_id}`, { key: KEYS.slow })).json as { recipients: DispatchEntry[] };
    expect(raced.recipients.map((r) => r.reason)).toEqual(['user_not_found']);

    const { external_id, ...attributes } = user;
    const fixed = expectCreated(
      await post('/campaigns/trigger/send', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: external_id, send_to_existing_only: false, attributes }] }),
    );
    const sentNow = (await session.send('GET', `/_mock/dispatches/${fixed.dispatch_id}`, { key: KEYS.slow })).json as { recipients: DispatchEntry[] };
    expect(sentNow.recipients.map((r) => ({ outcome: r.outcome, created: r.created }))).toEqual([{ outcome: 'sent', created: true }]);
  });
});
