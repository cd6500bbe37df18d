import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import type { Engine } from '../engine.types';
import { engineFor, workspace } from '../engine.fixtures';
import { createMemoryStore } from '../store/memory.store';

const EMAIL = { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Hi {{${first_name}}}', body: 'Body {{custom_attribute.${tier}}}', extras: { utm: 'x' } };
const SMS = { subscription_group_id: 'sg-sms', app_id: 'sms-app', body: 'Code for {{${first_name}}}' };

let engine: Engine;
afterEach(async () => engine.close());

function start(): Engine {
  engine = engineFor(
    {
      workspaces: [
        workspace('acme', {
          clock: { mode: 'manual', start: '2026-03-01T10:00:00.000Z' },
          apps: [
            { id: 'ios-app', platform: 'ios' },
            { id: 'android-app', platform: 'android' },
          ],
          segments: [{ id: 'vip', name: 'VIP', filter: { custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals', value: 'gold' } } }],
          subscription_groups: [
            { id: 'sg-sms', channel: 'sms' },
            { id: 'sg-news', channel: 'email' },
          ],
          campaigns: [
            { id: 'promo', type: 'api' },
            { id: 'paused-promo', type: 'api', status: 'paused' },
            { id: 'welcome', channel: 'email', message: { subject: 's', body: 'b' } },
          ],
          users: [
            {
              external_id: 'ann',
              attributes: {
                first_name: 'Ann',
                tier: 'gold',
                member: true,
                email: 'ann@example.com',
                phone: '+15550001',
                subscription_groups: [{ subscription_group_id: 'sg-sms', subscription_state: 'subscribed' }],
                push_tokens: [
                  { app_id: 'ios-app', token: 'ios-1' },
                  { app_id: 'android-app', token: 'droid-1' },
                  { app_id: 'ios-app', token: 'ios-2' },
                ],
              },
            },
            { external_id: 'bob', attributes: { first_name: 'Bob', tier: 'silver', email: 'bob@example.com', email_subscribe: 'subscribed', phone: '+15550002' } },
            { external_id: 'cat', attributes: { first_name: 'Cat', tier: 'gold', member: true, email: 'cat@example.com', email_subscribe: 'opted_in', push_tokens: ['plain'] } },
            { user_aliases: [{ alias_name: 'guest', alias_label: 'checkout' }], attributes: { tier: 'gold', email: 'guest@example.com' } },
          ],
        }),
      ],
    },
    { store: createMemoryStore() },
  );
  return engine;
}

async function rejection(body: unknown): Promise<{ message: string; errors: readonly string[] }> {
  const error = await start()
    .sendMessages('acme', body)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return { message: error.message, errors: error.errors };
}

describe('POST /messages/send (endpoints spec 3)', () => {
  it('renders each message object for each listed user and records it with source messages_send', async () => {
    const response = await start().sendMessages('acme', {
      external_user_ids: ['ann', 'ghost', 'ann'],
      user_aliases: [{ alias_name: 'guest', alias_label: 'checkout' }],
      campaign_id: 'promo',
      send_id: 'spring',
      messages: { email: EMAIL, sms: SMS },
    });
    expect(response).toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: 'spring' });
    const dispatch = await engine.getDispatch('acme', response.dispatch_id);
    expect(dispatch.campaign_id).toBe('promo');
    expect(dispatch.recipients.map((r) => [r.index, r.message_type, r.outcome, r.reason ?? null])).toEqual([
      [0, 'email', 'sent', null],
      [0, 'sms', 'sent', null],
      [1, 'email', 'skipped', 'user_not_found'],
      [1, 'sms', 'skipped', 'user_not_found'],
      [2, 'email', 'skipped', 'duplicate'],
      [2, 'sms', 'skipped', 'duplicate'],
      [3, 'email', 'sent', null],
      [3, 'sms', 'skipped', 'no_phone'],
    ]);
    const { messages } = await engine.listMessages('acme', { source: 'messages_send' });
    expect(messages.map((m) => [m.channel, m.recipient.external_user_id ?? m.recipient.user_alias?.alias_name, m.recipient.address, m.content['subject'] ?? m.content['body']])).toEqual([
      ['email', 'ann', 'ann@example.com', 'Hi Ann'],
      ['sms', 'ann', '+15550001', 'Code for Ann'],
      ['email', 'guest', 'guest@example.com', 'Hi '],
    ]);
    expect(messages[0]).toMatchObject({ campaign_id: 'promo', send_id: 'spring', source: 'messages_send', content: { from: 'Shop <shop@example.com>', body: 'Body gold', extras: { utm: 'x' } } });
  });

  it('sends pushes to the tokens of the platform (or an unknown app), only the newest with send_to_most_recent_device_only', async () => {
    const response = await start().sendMessages('acme', {
      external_user_ids: ['ann', 'cat', 'bob'],
      messages: { apple_push: { alert: { body: 'Hi {{${first_name}}}', title: 'T' }, send_to_most_recent_device_only: true }, android_push: { alert: 'A', title: 'T', priority: 7 } },
    });
    const { messages } = await engine.listMessages('acme', { source: 'messages_send' });
    expect(messages.map((m) => [m.recipient.external_user_id, m.platform, m.content['tokens']])).toEqual([
      ['ann', 'ios', ['ios-2']],
      ['ann', 'android', ['droid-1']],
      ['cat', 'ios', ['plain']],
      ['cat', 'android', ['plain']],
    ]);
    expect(messages[0]?.content['alert']).toEqual({ body: 'Hi Ann', title: 'T' });
    expect(messages[1]?.content['priority']).toBe(0);
    const dispatch = await engine.getDispatch('acme', response.dispatch_id);
    expect(dispatch.recipients.filter((r) => r.outcome === 'skipped').map((r) => [r.identifier.external_user_id, r.reason])).toEqual([
      ['bob', 'no_push_token'],
      ['bob', 'no_push_token'],
    ]);
  });

  it('applies recipient_subscription_state: opted_in skips subscribed users, all reaches unsubscribed ones', async () => {
    await start().trackUsers('acme', { attributes: [{ external_id: 'bob', email_subscribe: 'unsubscribed' }] });
    await engine.drainPropagation();
    const optedIn = await engine.sendMessages('acme', { external_user_ids: ['ann', 'cat', 'bob'], recipient_subscription_state: 'opted_in', messages: { email: EMAIL } });
    expect((await engine.getDispatch('acme', optedIn.dispatch_id)).recipients.map((r) => r.reason ?? r.outcome)).toEqual(['not_opted_in', 'sent', 'unsubscribed']);
    const all = await engine.sendMessages('acme', { external_user_ids: ['bob'], recipient_subscription_state: 'all', messages: { email: EMAIL } });
    expect((await engine.getDispatch('acme', all.dispatch_id)).recipients.map((r) => r.outcome)).toEqual(['sent']);
  });

  it('broadcasts to every visible profile of the segment and audience; listed users outside the segment are skipped', async () => {
    const broadcast = await start().sendMessages('acme', { broadcast: true, segment_id: 'vip', audience: { custom_attribute: { custom_attribute_name: 'member', comparison: 'equals', value: true } }, messages: { email: EMAIL } });
    const entries = (await engine.getDispatch('acme', broadcast.dispatch_id)).recipients;
    expect(entries.map((r) => [r.identifier.external_user_id, r.outcome])).toEqual([
      ['ann', 'sent'],
      ['cat', 'sent'],
    ]);
    const listed = await engine.sendMessages('acme', { external_user_ids: ['ann', 'bob'], segment_id: 'vip', messages: { email: EMAIL } });
    expect((await engine.getDispatch('acme', listed.dispatch_id)).recipients.map((r) => r.reason ?? r.outcome)).toEqual(['sent', 'not_in_segment']);
  });

  it('skips a render abort or error and an SMS without the group subscription, and never changes a profile', async () => {
    const before = await start().getUser('acme', 'bob');
    const response = await engine.sendMessages('acme', {
      external_user_ids: ['ann', 'bob'],
      messages: { email: { ...EMAIL, body: "{% if ${first_name} == 'Ann' %}{% abort_message('not Ann') %}{% endif %}ok" }, sms: SMS },
    });
    const entries = (await engine.getDispatch('acme', response.dispatch_id)).recipients;
    expect(entries.map((r) => [r.message_type, r.reason ?? r.outcome, r.abort_message ?? null])).toEqual([
      ['email', 'aborted', 'not Ann'],
      ['sms', 'sent', null],
      ['email', 'sent', null],
      ['sms', 'not_in_subscription_group', null],
    ]);
    expect(await engine.getUser('acme', 'bob')).toEqual(before);
  });

  it('skips a push whose rendering grows past its byte limit (payload_too_large)', async () => {
    const response = await start().sendMessages('acme', { external_user_ids: ['ann'], messages: { android_push: { alert: "{{ 'x' | append: '' }}{% for i in (1..4001) %}y{% endfor %}", title: 't' } } });
    expect((await engine.getDispatch('acme', response.dispatch_id)).recipients.map((r) => r.reason)).toEqual(['payload_too_large']);
  });
});

describe('POST /messages/send rules (endpoints spec 3.2)', () => {
  it('answers the first failing rule in the spec order', async () => {
    expect((await rejection({ external_user_ids: ['a'] })).message).toBe('No messages');
    expect((await rejection({ external_user_ids: ['a'], messages: {} })).message).toBe('No messages');
    expect((await rejection({ external_user_ids: ['a'], messages: 'email' })).message).toBe('No messages');
    const ids = Array.from({ length: 40 }, (_, i) => `u-${i}`);
    const aliases = Array.from({ length: 11 }, (_, i) => ({ alias_name: `a-${i}`, alias_label: 'l' }));
    expect((await rejection({ external_user_ids: ids, user_aliases: aliases, messages: { sms: SMS } })).message).toBe('The max number of external_ids and aliases per request was exceeded');
    expect((await rejection({ external_user_ids: ['a'], broadcast: true, messages: { sms: SMS } })).message).toBe('broadcast cannot be true when recipients are specified');
    expect((await rejection({ messages: { sms: SMS } })).message).toBe('No Recipients');
    expect((await rejection({ broadcast: true, messages: { sms: SMS } })).message).toBe('broadcast requires a segment_id or an audience');
    const alias = await rejection({ user_aliases: [{ alias_name: 'a', alias_label: 'l' }, {}, { alias_name: 'b' }], recipient_subscription_state: 'maybe', messages: { sms: SMS } });
    expect(alias.message).toBe('Invalid recipient');
    expect(alias.errors).toContain('user_aliases[2].alias_label: required');
    expect(alias.errors).toContain('recipient_subscription_state: must be one of opted_in, subscribed, all');
    const state = await rejection({ external_user_ids: ['a'], recipient_subscription_state: 'maybe', audience: { nope: 1 }, messages: { sms: SMS } });
    expect(state).toMatchObject({ message: 'Bad Request', errors: expect.arrayContaining(['recipient_subscription_state: must be one of opted_in, subscribed, all']) });
    expect((await rejection({ external_user_ids: ['a'], audience: { nope: 1 }, messages: { email: { from: 'x' } } })).message).toBe('Invalid audience');
    expect((await rejection({ external_user_ids: ['a'], broadcast: 'yes', messages: { email: { from: 'x' } } })).message).toBe('Invalid messages');
    expect((await rejection({ external_user_ids: ['a'], broadcast: 'yes', messages: { sms: SMS } })).message).toBe('Bad Request');
  });

  it('names each problem of the message objects', async () => {
    const { message, errors } = await rejection({
      external_user_ids: ['a'],
      messages: {
        email: { app_id: 'w', from: 'two@at@example.com', body: 'b', email_template_id: 't' },
        apple_push: { extra: { ab: 1 } },
        android_push: { title: 't', time_to_live: 3_000_000 },
        sms: { body: 'b' },
        web_push: {},
        carrier_pigeon: {},
      },
    });
    expect(message).toBe('Invalid messages');
    expect(errors).toEqual(
      expect.arrayContaining([
        'messages.email.from: must be "Name <address>" or an address with one @',
        'messages.email.email_template_id: not supported by triggerkit',
        'messages.apple_push.alert: required unless content-available is true',
        'messages.apple_push.extra.ab: must not be used in extra',
        'messages.android_push.alert: required',
        'messages.android_push.time_to_live: must be at most 2419200',
        'messages.sms.subscription_group_id: required',
        'messages.sms.app_id: required',
        'messages.web_push: not supported by triggerkit',
        'messages.carrier_pigeon: unknown message type',
      ]),
    );
  });

  it('checks the workspace after the body: SMS group, segment, then campaign', async () => {
    expect(await rejection({ external_user_ids: ['a'], messages: { sms: { ...SMS, subscription_group_id: 'sg-news' } } })).toEqual({
      message: 'Invalid messages',
      errors: ['messages.sms.subscription_group_id: "sg-news" is an email subscription group; an SMS needs an sms or whatsapp one'],
    });
    expect((await rejection({ external_user_ids: ['a'], segment_id: 'nope', campaign_id: 'nope', messages: { sms: SMS } })).message).toBe('Segment does not exist');
    expect((await rejection({ external_user_ids: ['a'], campaign_id: 'nope', messages: { sms: SMS } })).message).toBe('Campaign does not exist');
    expect((await rejection({ external_user_ids: ['a'], campaign_id: 'welcome', messages: { sms: SMS } })).message).toBe('campaign_id must be the id of an API campaign');
    expect((await rejection({ external_user_ids: ['a'], campaign_id: 'paused-promo', messages: { sms: SMS } })).message).toMatch(/^The campaign is paused/);
    expect((await engine.listMessages('acme')).messages).toEqual([]);
  });
});
