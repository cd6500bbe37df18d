import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import type { WorkspaceConfigInput } from '../schema/mock-config.schema';
import type { Engine } from './engine.types';
import { engineFor, NEW_PROFILE_DEFAULTS, ORDER_CONFIRMATION, workspace, WOMEN_ONLY } from './engine.fixtures';

const ACME = 'acme';
let engine: Engine;

type WorkspaceExtras = Omit<WorkspaceConfigInput, 'name' | 'api_keys'>;

function start(users: WorkspaceExtras['users'] = [], extra: Omit<WorkspaceExtras, 'users'> = {}): Engine {
  engine = engineFor({ workspaces: [workspace(ACME, { users, ...extra })] });
  return engine;
}

async function onlyRecipient(dispatchId: string) {
  const dispatch = await engine.getDispatch(ACME, dispatchId);
  expect(dispatch.recipients).toHaveLength(1);
  return dispatch.recipients[0]!;
}

afterEach(async () => {
  await engine.close();
});

describe('create-and-send: attributes are applied before segmentation, reachability and rendering (spec 3.3)', () => {
  it('sends an order confirmation to a just-registered user whose email arrives only inline', async () => {
    start([{ external_id: 'u-1', attributes: { first_name: 'Ann' } }]);
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      trigger_properties: { order_id: 'A-1' },
      recipients: [{ external_user_id: 'u-1', attributes: { email: 'ann@example.com' } }],
    });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'sent', created: false });
    const { messages } = await engine.listMessages(ACME);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'email', content: { subject: 'Order A-1', body: 'Hi Ann' }, recipient: { external_user_id: 'u-1' } });
  });

  it('creates a brand-new user from inline attributes and sends to them (create and send)', async () => {
    start();
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      trigger_properties: { order_id: 'B-2' },
      recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'new@example.com', first_name: 'Nia' } }],
    });
    const recipient = await onlyRecipient(dispatch_id);
    expect(recipient).toMatchObject({ outcome: 'sent', created: true, identifier: { external_user_id: 'new-1' } });
    const user = await engine.getUser(ACME, 'new-1');
    expect(user.attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'new@example.com', first_name: 'Nia' });
    const { messages } = await engine.listMessages(ACME);
    expect(messages.map((m) => m.id)).toEqual([recipient.message_id]);
    expect(messages[0]?.content).toEqual({ subject: 'Order B-2', body: 'Hi Nia' });
    expect(messages[0]?.recipient.braze_id).toBe(user.braze_id);
  });

  it('segments on a gender that arrives only inline: F is sent', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }]);
    const { dispatch_id } = await engine.triggerCampaign(ACME, { campaign_id: WOMEN_ONLY.id, recipients: [{ external_user_id: 'u-1', attributes: { gender: 'F' } }] });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'sent' });
  });

  it('segments on a gender that arrives only inline: M is skipped as not_in_segment, and the write still commits', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'u1@example.com', gender: 'F' } }]);
    const { dispatch_id } = await engine.triggerCampaign(ACME, { campaign_id: WOMEN_ONLY.id, recipients: [{ external_user_id: 'u-1', attributes: { gender: 'M' } }] });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'skipped', reason: 'not_in_segment', created: false });
    expect((await engine.getUser(ACME, 'u-1')).attributes['gender']).toBe('M');
    expect((await engine.listMessages(ACME)).messages).toEqual([]);
  });

  it('updates an existing profile and renders the updated values (update and send)', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann', visits: 1 } }]);
    const before = await engine.getUser(ACME, 'u-1');
    await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'u-1', attributes: { first_name: 'Anna', visits: { inc: 2 } } }],
    });
    const after = await engine.getUser(ACME, 'u-1');
    expect(after.braze_id).toBe(before.braze_id);
    expect(after.attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'u1@example.com', first_name: 'Anna', visits: 3 });
    expect((await engine.listMessages(ACME)).messages[0]?.content['body']).toBe('Hi Anna');
  });

  it('with send_to_existing_only left at its default, an unknown user is skipped as user_not_found and not created', async () => {
    start();
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'ghost', attributes: { email: 'ghost@example.com' } }],
    });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'skipped', reason: 'user_not_found', created: false });
    await expect(engine.getUser(ACME, 'ghost')).rejects.toMatchObject({ httpStatus: 404, message: 'User not found' });
  });

  it('send_to_existing_only false without attributes (or with empty ones) does not create the user', async () => {
    start();
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [
        { external_user_id: 'ghost-1', send_to_existing_only: false },
        { external_user_id: 'ghost-2', send_to_existing_only: false, attributes: {} },
      ],
    });
    const dispatch = await engine.getDispatch(ACME, dispatch_id);
    expect(dispatch.recipients.map((r) => [r.reason, r.created])).toEqual([
      ['user_not_found', false],
      ['user_not_found', false],
    ]);
    await expect(engine.getUser(ACME, 'ghost-1')).rejects.toMatchObject({ httpStatus: 404 });
    await expect(engine.getUser(ACME, 'ghost-2')).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('overlays recipient trigger_properties on the top-level ones, per key, and records the merge', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'a@example.com' } }]);
    await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      trigger_properties: { order_id: 'top', currency: 'EUR' },
      recipients: [{ external_user_id: 'u-1', trigger_properties: { order_id: 'mine' } }],
    });
    const [message] = (await engine.listMessages(ACME)).messages;
    expect(message?.content['subject']).toBe('Order mine');
    expect(message?.trigger_properties).toEqual({ order_id: 'mine', currency: 'EUR' });
    expect((await engine.getUser(ACME, 'u-1')).attributes).toEqual({ ...NEW_PROFILE_DEFAULTS, email: 'a@example.com' });
  });
});

describe('create-and-send: per-recipient outcomes', () => {
  it('skips a repeated identifier as duplicate; the first occurrence wins entirely', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'a@example.com' } }]);
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [
        { external_user_id: 'u-1', attributes: { first_name: 'First' } },
        { external_user_id: 'u-1', attributes: { first_name: 'Second' } },
      ],
    });
    const dispatch = await engine.getDispatch(ACME, dispatch_id);
    expect(dispatch.recipients.map((r) => [r.index, r.outcome, r.reason, r.created])).toEqual([
      [0, 'sent', undefined, false],
      [1, 'skipped', 'duplicate', false],
    ]);
    expect((await engine.getUser(ACME, 'u-1')).attributes['first_name']).toBe('First');
  });

  it('reports reachability: no_email, unsubscribed, no_push_token, no_phone', async () => {
    start(
      [
        { external_id: 'no-email' },
        { external_id: 'unsub', attributes: { email: 'u@example.com', email_subscribe: 'unsubscribed' } },
      ],
      {
        campaigns: [
          ORDER_CONFIRMATION,
          { id: 'push', channel: 'push', message: { title: 't', body: 'b' } },
          { id: 'sms', channel: 'sms', message: { body: 'b' } },
        ],
      },
    );
    const email = await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'no-email' }, { external_user_id: 'unsub' }] });
    const push = await engine.triggerCampaign(ACME, { campaign_id: 'push', recipients: [{ external_user_id: 'no-email' }] });
    const sms = await engine.triggerCampaign(ACME, { campaign_id: 'sms', recipients: [{ external_user_id: 'no-email' }] });
    expect((await engine.getDispatch(ACME, email.dispatch_id)).recipients.map((r) => r.reason)).toEqual(['no_email', 'unsubscribed']);
    expect((await onlyRecipient(push.dispatch_id)).reason).toBe('no_push_token');
    expect((await onlyRecipient(sms.dispatch_id)).reason).toBe('no_phone');
  });

  it('skips abort_message as aborted and a template error as render_error', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'a@example.com' } }], {
      campaigns: [
        { id: 'abort', channel: 'email', message: { subject: 's', body: "{% if true %}{% abort_message('no') %}{% endif %}" } },
        { id: 'broken', channel: 'email', message: { subject: 's', body: '{{ x | no_such_filter }}' } },
      ],
    });
    const aborted = await engine.triggerCampaign(ACME, { campaign_id: 'abort', recipients: [{ external_user_id: 'u-1' }] });
    const broken = await engine.triggerCampaign(ACME, { campaign_id: 'broken', recipients: [{ external_user_id: 'u-1' }] });
    expect((await onlyRecipient(aborted.dispatch_id)).reason).toBe('aborted');
    expect((await onlyRecipient(broken.dispatch_id)).reason).toBe('render_error');
    expect((await engine.listMessages(ACME)).messages).toEqual([]);
  });

  it('filters recipients by the request audience against the updated profile (custom attributes only)', async () => {
    start([
      { external_id: 'u-1', attributes: { email: 'a@example.com' } },
      { external_id: 'u-2', attributes: { email: 'b@example.com', plan: 'free' } },
    ]);
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      audience: { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } },
      recipients: [
        { external_user_id: 'u-1', attributes: { plan: 'pro' } },
        { external_user_id: 'u-2' },
      ],
    });
    expect((await engine.getDispatch(ACME, dispatch_id)).recipients.map((r) => r.reason ?? r.outcome)).toEqual(['sent', 'not_in_audience']);
  });

  it('resolves an email recipient through prioritization, without merging profiles', async () => {
    start([
      { braze_id: 'b-anon', attributes: { email: 'same@example.com', first_name: 'Anon' } },
      { external_id: 'known', attributes: { email: 'same@example.com', first_name: 'Known' } },
    ]);
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ email: 'same@example.com', prioritization: ['identified'] }] });
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ email: 'same@example.com', prioritization: ['unidentified'] }] });
    const bodies = (await engine.listMessages(ACME)).messages.map((m) => m.content['body']);
    expect(bodies).toEqual(['Hi Known', 'Hi Anon']);
  });

  it('records the request send_id and email attachments on the messages', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'a@example.com' } }]);
    const attachments = [{ file_name: 'invoice.pdf', url: 'https://example.com/invoice.pdf' }];
    const response = await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, send_id: 'spring', attachments, recipients: [{ external_user_id: 'u-1' }] });
    expect(response).toEqual({ dispatch_id: expect.any(String), message: 'success' });
    const [message] = (await engine.listMessages(ACME, { send_id: 'spring' })).messages;
    expect(message).toMatchObject({ send_id: 'spring', dispatch_id: response.dispatch_id, campaign_id: ORDER_CONFIRMATION.id, attachments });
  });
});

describe('create-and-send: request-level failures write nothing', () => {
  const creating = (campaign_id: string) => ({
    campaign_id,
    recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n@example.com' } }],
  });

  it.each([
    ['unknown', 'Campaign does not exist'],
    ['paused', 'The campaign is paused. Resume the campaign in order for trigger requests to take effect.'],
    ['archived', 'The campaign is archived. Unarchive the campaign in order for trigger requests to take effect.'],
  ])('rejects a %s campaign with its spec message', async (status, message) => {
    start([], {
      campaigns: [
        { ...ORDER_CONFIRMATION, id: 'paused', status: 'paused' },
        { ...ORDER_CONFIRMATION, id: 'archived', status: 'archived' },
      ],
    });
    const failure = engine.triggerCampaign(ACME, creating(status));
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ httpStatus: 400, message, errors: [message] });
    await expect(engine.getUser(ACME, 'new-1')).rejects.toMatchObject({ httpStatus: 404 });
    expect((await engine.listMessages(ACME)).messages).toEqual([]);
  });

  it('rejects an invalid request with the validator error and touches no profile', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'a@example.com', first_name: 'Ann' } }]);
    const failure = engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'u-1', attributes: { first_name: 'Changed' } }, { user_alias: { alias_name: 'x' } }],
    });
    await expect(failure).rejects.toMatchObject({ httpStatus: 400, message: 'Invalid recipient' });
    expect((await engine.getUser(ACME, 'u-1')).attributes['first_name']).toBe('Ann');
  });
});

describe('create-and-send: new profiles are subscribed to email and push unless attributes say otherwise (spec 3.3 step 7)', () => {
  const SUBSCRIBED_ONLY = {
    id: 'subscribed-only',
    channel: 'email',
    segment: { custom_attribute: { custom_attribute_name: 'email_subscribe', comparison: 'equals', value: 'subscribed' } },
    message: { subject: 'News', body: 'Hi' },
  } as const;

  it('stores email_subscribe and push_subscribe as subscribed on a created profile', async () => {
    start();
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n@example.com' } }] });
    expect((await engine.getUser(ACME, 'new-1')).attributes).toEqual({ email: 'n@example.com', email_subscribe: 'subscribed', push_subscribe: 'subscribed' });
  });

  it('matches a segment on email_subscribe equals subscribed for a just-created profile', async () => {
    start([], { campaigns: [SUBSCRIBED_ONLY] });
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: SUBSCRIBED_ONLY.id,
      recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n@example.com' } }],
    });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'sent', created: true });
  });

  it("lets the creating attributes win: email_subscribe 'unsubscribed' is stored and the email is skipped as unsubscribed", async () => {
    start();
    const { dispatch_id } = await engine.triggerCampaign(ACME, {
      campaign_id: ORDER_CONFIRMATION.id,
      recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n@example.com', email_subscribe: 'unsubscribed' } }],
    });
    expect(await onlyRecipient(dispatch_id)).toMatchObject({ outcome: 'skipped', reason: 'unsubscribed', created: true });
    expect((await engine.getUser(ACME, 'new-1')).attributes).toEqual({ email: 'n@example.com', email_subscribe: 'unsubscribed', push_subscribe: 'subscribed' });
    expect((await engine.listMessages(ACME)).messages).toEqual([]);
  });

  it('removes a default when the creating attributes set it to null', async () => {
    start();
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'new-1', send_to_existing_only: false, attributes: { email: 'n@example.com', push_subscribe: null } }] });
    expect((await engine.getUser(ACME, 'new-1')).attributes).toEqual({ email: 'n@example.com', email_subscribe: 'subscribed' });
  });

  it('leaves an existing profile without the attributes as it is: only creation adds the default', async () => {
    start([{ external_id: 'u-1', attributes: { email: 'u1@example.com', email_subscribe: null, push_subscribe: null } }]);
    await engine.triggerCampaign(ACME, { campaign_id: ORDER_CONFIRMATION.id, recipients: [{ external_user_id: 'u-1', attributes: { first_name: 'Ann' } }] });
    expect((await engine.getUser(ACME, 'u-1')).attributes).toEqual({ email: 'u1@example.com', first_name: 'Ann' });
  });

  it('gives seed users the same default unless the seed sets them', async () => {
    start([
      { external_id: 'u-1', attributes: { email: 'u1@example.com' } },
      { external_id: 'u-2', attributes: { email_subscribe: 'opted_in', push_subscribe: 'unsubscribed' } },
    ]);
    expect((await engine.getUser(ACME, 'u-1')).attributes).toEqual({ email: 'u1@example.com', email_subscribe: 'subscribed', push_subscribe: 'subscribed' });
    expect((await engine.getUser(ACME, 'u-2')).attributes).toEqual({ email_subscribe: 'opted_in', push_subscribe: 'unsubscribed' });
  });
});
