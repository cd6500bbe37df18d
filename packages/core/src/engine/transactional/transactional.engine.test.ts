import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import type { Engine } from '../engine.types';
import { engineFor, workspace } from '../engine.fixtures';
import { createMemoryStore } from '../store/memory.store';

const RECEIPT = {
  id: 'receipt',
  type: 'transactional',
  channel: 'email',
  message: { subject: 'Receipt {{api_trigger_properties.${order_id}}}', body: "Thanks {{${first_name} | default: 'friend'}}{% if api_trigger_properties.${stop} %}{% abort_message('no order') %}{% endif %}" },
} as const;
const PAUSED = { ...RECEIPT, id: 'paused-receipt', status: 'paused' } as const;

let engine: Engine;
let receiver: Server;
let received: { body: unknown }[];
let url: string;
let answerStatus = 200;

beforeEach(async () => {
  received = [];
  answerStatus = 200;
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body: JSON.parse(text) as unknown });
      res.writeHead(answerStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/postbacks`;
});
afterEach(async () => {
  await engine.close();
  await new Promise((resolve) => receiver.close(resolve));
});

function start(extra: Parameters<typeof workspace>[1] = {}): Engine {
  return engineFor(
    {
      workspaces: [
        workspace('acme', {
          clock: { mode: 'manual', start: '2026-03-01T10:00:00.000Z' },
          transactional_postback_url: url,
          campaigns: [RECEIPT, PAUSED, { id: 'promo', type: 'api' }, { id: 'welcome', channel: 'email', message: { subject: 's', body: 'b' } }],
          users: [
            { external_id: 'ann', attributes: { email: 'ann@example.com', first_name: 'Ann', email_subscribe: 'unsubscribed' } },
            { external_id: 'nomail', attributes: { first_name: 'Ned' } },
            { user_aliases: [{ alias_name: 'guest-1', alias_label: 'checkout' }], attributes: { email: 'guest@example.com' } },
          ],
          ...extra,
        }),
      ],
    },
    { store: createMemoryStore() },
  );
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

describe('transactional email (endpoints spec 4)', () => {
  it('sends to an unsubscribed user, renders the trigger properties and records the message as transactional', async () => {
    engine = start();
    const response = await engine.sendTransactional('acme', 'receipt', { external_send_id: 'order-1', trigger_properties: { order_id: 'A-17' }, recipient: { external_user_id: 'ann' } });
    expect(response).toEqual({ dispatch_id: 'dispatch-1', status: 'sent', metadata: { campaign_api_id: 'receipt', external_send_id: 'order-1' } });
    const [message] = (await engine.listMessages('acme')).messages;
    expect(message).toMatchObject({ source: 'transactional', external_send_id: 'order-1', campaign_id: 'receipt', content: { subject: 'Receipt A-17', body: 'Thanks Ann' }, recipient: { address: 'ann@example.com' } });
  });

  it('creates a missing user from external_user_id and attributes, and accepts a one-element recipient array', async () => {
    engine = start();
    const response = await engine.sendTransactional('acme', 'receipt', { recipient: [{ external_user_id: 'new-1', attributes: { email: 'new@example.com', first_name: 'Nova' } }] });
    expect(response.status).toBe('sent');
    expect(response.metadata).toEqual({ campaign_api_id: 'receipt' });
    expect((await engine.getUser('acme', 'new-1')).attributes).toMatchObject({ email: 'new@example.com', first_name: 'Nova' });
    const dispatch = await engine.getDispatch('acme', response.dispatch_id);
    expect(dispatch.recipients[0]).toMatchObject({ outcome: 'sent', created: true });
  });

  it('aborts for a missing user, an alias never creates, no email, and abort_message; postbacks say why', async () => {
    engine = start();
    const missing = await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'ghost' } });
    const alias = await engine.sendTransactional('acme', 'receipt', { recipient: { user_alias: { alias_name: 'nobody', alias_label: 'checkout' }, attributes: { email: 'x@example.com' } } });
    const guest = await engine.sendTransactional('acme', 'receipt', { recipient: { user_alias: { alias_name: 'guest-1', alias_label: 'checkout' } } });
    const noMail = await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'nomail' } });
    const aborted = await engine.sendTransactional('acme', 'receipt', { trigger_properties: { stop: true }, recipient: { external_user_id: 'ann' } });
    expect([missing.status, alias.status, guest.status, noMail.status, aborted.status]).toEqual(['aborted', 'aborted', 'sent', 'aborted', 'aborted']);
    await engine.drainPostbacks('acme');
    const reasons = received.map(({ body }) => body as { status: string; metadata: { reason?: string } }).filter((b) => b.status === 'aborted').map((b) => b.metadata.reason);
    expect(reasons).toEqual(['User not found', 'User not found', 'User not emailable', 'Liquid abort_message called: no order']);
  });

  it('posts sent, processed and delivered (or bounced) in order with Braze-style timestamps, and lists every attempt', async () => {
    engine = start({ users: [{ external_id: 'bo', attributes: { email: 'bo@bounce.invalid' } }, { external_id: 'ann', attributes: { email: 'ann@example.com' } }] });
    const first = await engine.sendTransactional('acme', 'receipt', { external_send_id: 'o-1', recipient: { external_user_id: 'ann' } });
    await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'bo' } });
    await engine.drainPostbacks('acme');
    const bodies = received.map(({ body }) => body as { dispatch_id: string; status: string; metadata: Record<string, string> });
    expect(bodies.map((b) => b.status)).toEqual(['sent', 'processed', 'delivered', 'sent', 'processed', 'bounced']);
    expect(bodies[0]).toEqual({
      dispatch_id: first.dispatch_id,
      status: 'sent',
      metadata: {
        campaign_api_id: 'receipt',
        external_send_id: 'o-1',
        received_at: '2026-03-01T10:00:00.000+00:00',
        enqueued_at: '2026-03-01T10:00:00.000+00:00',
        executed_at: '2026-03-01T10:00:00.000+00:00',
        sent_at: '2026-03-01T10:00:00.000+00:00',
      },
    });
    expect(bodies[5]?.metadata['reason']).toBe('550 5.1.1 The email account that you tried to reach does not exist');
    const listed = await engine.listPostbacks('acme');
    expect(listed.postbacks.map((p) => [p.status, p.url])).toEqual(bodies.map(() => [200, url]));
    expect(listed.postbacks[0]?.body).toEqual(bodies[0]);
  });

  it('records a failing or unreachable URL without retrying, and sends nothing without a URL', async () => {
    engine = start();
    answerStatus = 500;
    await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'ghost' } });
    await engine.drainPostbacks('acme');
    expect(received).toHaveLength(1);
    expect((await engine.listPostbacks('acme')).postbacks.map((p) => p.status)).toEqual([500]);
    await engine.putSettings('acme', { transactional_postback_url: 'http://127.0.0.1:1/closed' });
    await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'ghost' } });
    await engine.drainPostbacks('acme');
    expect((await engine.listPostbacks('acme')).postbacks.at(-1)).toMatchObject({ status: null, error: 'connection_failed', url: 'http://127.0.0.1:1/closed' });
    await engine.putSettings('acme', { transactional_postback_url: null });
    await engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'ghost' } });
    await engine.drainPostbacks('acme');
    expect((await engine.listPostbacks('acme')).postbacks).toHaveLength(2);
    await expect(engine.putSettings('acme', { transactional_postback_url: 'ftp://example.com' })).rejects.toMatchObject({ message: 'Bad Request' });
    await engine.reset('acme');
    expect(await engine.getSettings('acme')).toEqual({ transactional_postback_url: url });
    expect((await engine.listPostbacks('acme')).postbacks).toEqual([]);
  });

  it('answers a repeat external_send_id with the first 201 for 24 hours of mock time, processing nothing', async () => {
    engine = start();
    const body = { external_send_id: 'order-9', recipient: { external_user_id: 'ann' } };
    const first = await engine.sendTransactional('acme', 'receipt', body);
    const again = await engine.sendTransactional('acme', 'receipt', { ...body, trigger_properties: { order_id: 'other' } });
    expect(again).toEqual(first);
    expect((await engine.listMessages('acme')).messages).toHaveLength(1);
    // Another campaign is another key.
    await engine.putCampaign('acme', 'receipt-2', { ...RECEIPT, id: undefined });
    expect((await engine.sendTransactional('acme', 'receipt-2', body)).dispatch_id).not.toBe(first.dispatch_id);
    await engine.advanceClock('acme', { ms: 86_399_999 });
    expect(await engine.sendTransactional('acme', 'receipt', body)).toEqual(first);
    await engine.advanceClock('acme', { ms: 1 });
    const later = await engine.sendTransactional('acme', 'receipt', body);
    expect(later.dispatch_id).not.toBe(first.dispatch_id);
    await engine.drainPostbacks('acme');
    expect(received.filter(({ body: b }) => (b as { status: string }).status === 'sent')).toHaveLength(3);
  });

  it('answers a repeat while the first is still processing with Braze’s queued message', async () => {
    engine = start();
    const body = { external_send_id: 'race', recipient: { external_user_id: 'ann' } };
    const [first, second] = await Promise.allSettled([engine.sendTransactional('acme', 'receipt', body), engine.sendTransactional('acme', 'receipt', body)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'The external reference has been queued.  Please retry to obtain send_id.' } });
    expect((await engine.listMessages('acme')).messages).toHaveLength(1);
  });

  it('validates with the spec’s messages, checks the campaign, and a rejected request reserves nothing', async () => {
    engine = start();
    expect((await rejection(engine.sendTransactional('acme', '', { recipient: { external_user_id: 'ann' } }))).message).toBe('campaign_id must be a string of the campaign api identifier');
    expect((await rejection(engine.sendTransactional('acme', 'receipt', {}))).toBody()).toEqual({ message: 'Invalid recipient', errors: ['recipient: required'] });
    expect((await rejection(engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'a', user_alias: { alias_name: 'n', alias_label: 'l' } } }))).toBody()).toEqual({
      message: 'Invalid recipient',
      errors: ['recipient: specify exactly one of external_user_id, user_alias'],
    });
    const badKey = await rejection(engine.sendTransactional('acme', 'receipt', { external_send_id: 'has space', trigger_properties: { big: 'x'.repeat(60_000) }, recipient: {} }));
    expect(badKey.message).toBe('Invalid recipient');
    expect(badKey.errors).toHaveLength(3);
    expect((await rejection(engine.sendTransactional('acme', 'receipt', { external_send_id: 'has space', recipient: { external_user_id: 'ann' } }))).message).toBe('Bad Request');
    expect((await rejection(engine.sendTransactional('acme', 'receipt', { trigger_properties: { big: 'x'.repeat(60_000) }, recipient: { external_user_id: 'ann' } }))).message).toBe('trigger_properties exceeds 50KB');
    expect((await rejection(engine.sendTransactional('acme', 'receipt', { recipient: { external_user_id: 'ann', attributes: { email_subscribe: 'maybe' } } }))).message).toBe('Invalid attributes');
    expect((await rejection(engine.sendTransactional('acme', 'nope', { recipient: { external_user_id: 'ann' } }))).message).toBe('Campaign does not exist');
    expect((await rejection(engine.sendTransactional('acme', 'welcome', { recipient: { external_user_id: 'ann' } }))).message).toBe(
      'The campaign is not a transactional campaign. Only transactional campaigns may use this endpoint',
    );
    expect((await rejection(engine.sendTransactional('acme', 'promo', { recipient: { external_user_id: 'ann' } }))).message).toMatch(/not a transactional campaign/);
    expect((await rejection(engine.sendTransactional('acme', 'paused-receipt', { external_send_id: 'k', recipient: { external_user_id: 'ann' } }))).message).toMatch(/paused/);
    // The paused campaign reserved nothing: the same key on the active one is a first send.
    expect((await engine.listMessages('acme')).messages).toHaveLength(0);
    expect(await engine.listPostbacks('acme')).toMatchObject({ postbacks: [] });
    // A transactional campaign is not triggered through /campaigns/trigger/send.
    expect((await rejection(engine.triggerCampaign('acme', { campaign_id: 'receipt', recipients: [{ external_user_id: 'ann' }] }))).message).toBe('The campaign is not an API-triggered campaign');
  });
});
