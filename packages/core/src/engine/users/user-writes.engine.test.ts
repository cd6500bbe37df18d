import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import type { Engine } from '../engine.types';
import { engineFor, workspace } from '../engine.fixtures';
import { manualClock } from '../support/clock';
import type { ListedUser } from './users-list.engine';

let engine: Engine;
afterEach(async () => engine.close());

const GUEST = { alias_name: 'guest-7', alias_label: 'checkout' };

function start(extra: Parameters<typeof workspace>[1] = {}): Engine {
  engine = engineFor(
    {
      workspaces: [
        workspace('acme', {
          clock: { mode: 'manual', start: '2026-03-01T10:00:00.000Z' },
          subscription_groups: [
            { id: 'sg-news', channel: 'email', name: 'Newsletter' },
            { id: 'sg-sms', channel: 'sms' },
          ],
          campaigns: [
            { id: 'order-confirmation', channel: 'email', message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name}}}' } },
            { id: 'vip-offer', channel: 'email', segment: { custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals', value: 'vip' } }, message: { subject: 'VIP', body: 'b' } },
            { id: 'news', channel: 'email', subscription_group_id: 'sg-news', message: { subject: 'News', body: 'b' } },
          ],
          ...extra,
        }),
      ],
    },
    { clock: manualClock(Date.parse('2026-03-01T10:00:00.000Z')) },
  );
  return engine;
}

async function users(query: Partial<Parameters<Engine['listUsers']>[1]> = {}): Promise<ListedUser[]> {
  return (await engine.listUsers('acme', { limit: 1000, ...query })).users;
}

async function byAlias(alias: { alias_name: string; alias_label: string }): Promise<ListedUser | undefined> {
  return (await users({ alias_label: alias.alias_label, alias_name: alias.alias_name }))[0];
}

async function track(body: unknown): Promise<void> {
  await engine.trackUsers('acme', body);
}

describe('POST /users/identify (endpoints spec 7)', () => {
  it('gives an alias-only profile the external id when nobody has it: identified', async () => {
    start();
    await engine.createAliases('acme', { user_aliases: [GUEST] });
    const guest = await byAlias(GUEST);
    const accepted = await engine.identifyUsers('acme', { aliases_to_identify: [{ external_id: 'u-1', user_alias: GUEST }] });
    expect(accepted.response).toEqual({ aliases_processed: 1, message: 'success' });
    expect(engine.writeStatus('acme', accepted.write_id)).toEqual({
      applied_at: '2026-03-01T10:00:00.000Z',
      outcomes: [{ path: 'aliases_to_identify[0]', outcome: 'applied', reason: 'identified', braze_ids: [guest?.braze_id] }],
    });
    const user = await engine.getUser('acme', 'u-1');
    expect([user.braze_id, user.user_aliases]).toEqual([guest?.braze_id, [GUEST]]);
  });

  it('merges the alias-only profile into the existing user and removes it: merged', async () => {
    start();
    await track({ attributes: [{ user_alias: GUEST, _update_existing_only: false, first_name: 'Guest', tier: 'vip', email: 'g@example.com' }], events: [{ user_alias: GUEST, name: 'viewed', time: '2026-02-01T00:00:00Z' }] });
    await track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }], events: [{ external_id: 'u-1', name: 'viewed', time: '2026-02-10T00:00:00Z' }] });
    const accepted = await engine.identifyUsers('acme', { aliases_to_identify: [{ external_id: 'u-1', user_alias: GUEST }] });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes[0]).toMatchObject({ outcome: 'applied', reason: 'merged' });
    const user = await engine.getUser('acme', 'u-1');
    // K's value wins where both have one; F fills the empty fields.
    expect(user.attributes).toMatchObject({ first_name: 'Ann', tier: 'vip', email: 'g@example.com' });
    expect(user.user_aliases).toEqual([GUEST]);
    expect(user.events['viewed']).toMatchObject({ count: 2, first_time: '2026-02-01T00:00:00.000Z', last_time: '2026-02-10T00:00:00.000Z' });
    expect(await users()).toHaveLength(1);
  });

  it('skips already identified, a label conflict and an unknown alias', async () => {
    start();
    await track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
    await engine.createAliases('acme', { user_aliases: [GUEST, { alias_name: 'other', alias_label: 'checkout', external_id: 'u-1' }, { alias_name: 'x', alias_label: 'crm', external_id: 'u-1' }] });
    const accepted = await engine.identifyUsers('acme', {
      aliases_to_identify: [
        { external_id: 'u-1', user_alias: GUEST },
        { external_id: 'u-2', user_alias: { alias_name: 'x', alias_label: 'crm' } },
        { external_id: 'u-3', user_alias: { alias_name: 'nobody', alias_label: 'checkout' } },
      ],
    });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes.map((outcome) => outcome.reason)).toEqual(['alias_label_conflict', 'already_identified', 'user_not_found']);
    expect(await users()).toHaveLength(2);
  });

  it('identifies by email among profiles without an external id; several and no ordering are ambiguous', async () => {
    start();
    await track({ attributes: [{ email: 'a@example.com', first_name: 'First' }] });
    await engine.createAliases('acme', { user_aliases: [GUEST] });
    await track({ attributes: [{ user_alias: GUEST, _update_existing_only: true, email: 'a@example.com' }] });
    const ambiguous = await engine.identifyUsers('acme', { emails_to_identify: [{ external_id: 'u-1', email: 'a@example.com', prioritization: ['unidentified'] }] });
    expect(engine.writeStatus('acme', ambiguous.write_id)?.outcomes[0]).toMatchObject({ outcome: 'skipped', reason: 'ambiguous', braze_ids: [] });
    const picked = await engine.identifyUsers('acme', { emails_to_identify: [{ external_id: 'u-1', email: 'a@example.com', prioritization: ['unidentified', 'least_recently_updated'] }] });
    expect(engine.writeStatus('acme', picked.write_id)?.outcomes[0]?.reason).toBe('identified');
    expect((await engine.getUser('acme', 'u-1')).attributes['first_name']).toBe('First');
  });

  it('answers a bad request with the spec message and writes nothing', async () => {
    start();
    await expect(engine.identifyUsers('acme', {})).rejects.toThrow(ValidationError);
    await expect(engine.identifyUsers('acme', {})).rejects.toThrow('aliases_to_identify, emails_to_identify or phone_numbers_to_identify is required');
    expect(await users()).toEqual([]);
  });
});

describe('aliases (endpoints spec 8)', () => {
  it('adds, creates and refuses as the spec lists', async () => {
    start();
    await track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
    const accepted = await engine.createAliases('acme', {
      user_aliases: [
        { ...GUEST, external_id: 'u-1' },
        { alias_name: 'other', alias_label: 'checkout', external_id: 'u-1' },
        { ...GUEST },
        { alias_name: 'new', alias_label: 'crm', external_id: 'u-404' },
        { alias_name: 'anon', alias_label: 'crm' },
      ],
    });
    expect(accepted.response).toEqual({ aliases_processed: 5, message: 'success' });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes.map((outcome) => [outcome.outcome, outcome.reason])).toEqual([
      ['applied', 'added'],
      ['skipped', 'label_taken'],
      ['skipped', 'alias_exists'],
      ['skipped', 'user_not_found'],
      ['applied', 'created'],
    ]);
    expect((await byAlias({ alias_name: 'anon', alias_label: 'crm' }))?.external_id).toBeUndefined();
  });

  it('renames an alias; an unheld old name or a held new name is skipped', async () => {
    start();
    await engine.createAliases('acme', { user_aliases: [GUEST, { alias_name: 'taken', alias_label: 'checkout' }] });
    const accepted = await engine.updateAliases('acme', {
      alias_updates: [
        { alias_label: 'checkout', old_alias_name: 'guest-7', new_alias_name: 'guest-8' },
        { alias_label: 'checkout', old_alias_name: 'missing', new_alias_name: 'y' },
        { alias_label: 'checkout', old_alias_name: 'guest-8', new_alias_name: 'taken' },
      ],
    });
    expect(accepted.response).toEqual({ message: 'success' });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes.map((outcome) => outcome.reason)).toEqual(['updated', 'alias_not_found', 'alias_exists']);
    expect(await byAlias(GUEST)).toBeUndefined();
    expect(await byAlias({ alias_name: 'guest-8', alias_label: 'checkout' })).toBeDefined();
  });
});

describe('POST /users/delete (endpoints spec 9)', () => {
  it('removes profiles from lookups and frees their aliases; messages stay', async () => {
    start();
    await engine.triggerCampaign('acme', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1', send_to_existing_only: false, attributes: { email: 'ann@example.com' }, trigger_properties: { order_id: 'o-1' } }] });
    await engine.createAliases('acme', { user_aliases: [{ ...GUEST, external_id: 'u-1' }] });
    const accepted = await engine.deleteUsers('acme', { external_ids: ['u-1', 'u-1', 'u-404'] });
    expect(accepted.response).toEqual({ deleted: 2, message: 'success' });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes.map((outcome) => outcome.reason)).toEqual(['deleted', 'user_not_found', 'user_not_found']);
    await expect(engine.getUser('acme', 'u-1')).rejects.toThrow('User not found');
    expect((await engine.listMessages('acme')).messages).toHaveLength(1);
    // The alias is free again.
    const again = await engine.createAliases('acme', { user_aliases: [GUEST] });
    expect(engine.writeStatus('acme', again.write_id)?.outcomes[0]?.reason).toBe('created');
  });
});

describe('POST /users/merge (endpoints spec 10, procedure M of 6.3)', () => {
  it('fills empty fields, sums counters and revenue, appends new tokens, drops aliases whose label K has, moves the message history', async () => {
    start();
    await engine.triggerCampaign('acme', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'dup', send_to_existing_only: false, attributes: { email: 'dup@example.com' }, trigger_properties: { order_id: '1' } }] });
    await track({
      attributes: [
        { external_id: 'dup', first_name: 'Dup', country: 'DE', tier: 'vip', email_subscribe: 'unsubscribed', push_tokens: [{ app_id: 'a', token: 't-1' }, { app_id: 'a', token: 't-2' }] },
        { external_id: 'keep', first_name: 'Keep', push_tokens: [{ app_id: 'a', token: 't-1' }] },
      ],
      purchases: [
        { external_id: 'dup', product_id: 'sku', time: '2026-01-01T00:00:00Z', currency: 'USD', price: 10, quantity: 2 },
        { external_id: 'keep', product_id: 'sku', time: '2026-02-01T00:00:00Z', currency: 'USD', price: 5 },
      ],
    });
    await engine.createAliases('acme', { user_aliases: [{ alias_name: 'k', alias_label: 'crm', external_id: 'keep' }, { alias_name: 'd', alias_label: 'crm', external_id: 'dup' }, { alias_name: 'w', alias_label: 'web', external_id: 'dup' }] });
    const accepted = await engine.mergeUsers('acme', { merge_updates: [{ identifier_to_merge: { external_id: 'dup' }, identifier_to_keep: { external_id: 'keep' } }] });
    expect(accepted.response).toEqual({ message: 'success' });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes[0]).toMatchObject({ outcome: 'applied', reason: 'merged' });
    const kept = await engine.getUser('acme', 'keep');
    expect(kept.attributes).toMatchObject({ first_name: 'Keep', country: 'DE', tier: 'vip', email_subscribe: 'subscribed', email: 'dup@example.com' });
    expect(kept.attributes['push_tokens']).toEqual([{ app_id: 'a', token: 't-1' }, { app_id: 'a', token: 't-2' }]);
    expect(kept.user_aliases).toEqual([{ alias_name: 'k', alias_label: 'crm' }, { alias_name: 'w', alias_label: 'web' }]);
    expect(kept.purchases['sku']).toMatchObject({ count: 3, first_time: '2026-01-01T00:00:00.000Z', last_time: '2026-02-01T00:00:00.000Z', revenue: 25 });
    await expect(engine.getUser('acme', 'dup')).rejects.toThrow('User not found');
    const exported = await engine.exportUsers('acme', { external_ids: ['keep'], fields_to_export: ['campaigns_received', 'total_revenue'] });
    expect(exported.users[0]).toMatchObject({ total_revenue: 25, campaigns_received: [{ api_campaign_id: 'order-confirmation' }] });
  });

  it('skips the same user, an unknown one and an ambiguous email', async () => {
    start();
    await track({ attributes: [{ external_id: 'a', email: 'x@example.com' }, { external_id: 'b', email: 'x@example.com' }] });
    const accepted = await engine.mergeUsers('acme', {
      merge_updates: [
        { identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { email: 'x@example.com', prioritization: ['identified', 'least_recently_updated'] } },
        { identifier_to_merge: { external_id: 'nobody' }, identifier_to_keep: { external_id: 'a' } },
        { identifier_to_merge: { email: 'x@example.com', prioritization: ['identified'] }, identifier_to_keep: { external_id: 'a' } },
      ],
    });
    expect(engine.writeStatus('acme', accepted.write_id)?.outcomes.map((outcome) => outcome.reason)).toEqual(['same_user', 'user_not_found', 'ambiguous']);
  });
});

describe('subscription groups (endpoints spec 12)', () => {
  it('sets a state per group, keeps the others, and a campaign on the group reaches only subscribers', async () => {
    start();
    await track({ attributes: [{ external_id: 'u-1', email: 'ann@example.com', subscription_groups: [{ subscription_group_id: 'sg-sms', subscription_state: 'subscribed' }] }] });
    await engine.setSubscriptionStatus('acme', { subscription_group_id: 'sg-news', subscription_state: 'subscribed', external_id: 'u-1' });
    const status = await engine.listUserSubscriptions('acme', { external_id: 'u-1' });
    expect(status.users[0]?.subscription_groups.map((group) => [group.id, group.status])).toEqual([
      ['sg-news', 'Subscribed'],
      ['sg-sms', 'Subscribed'],
    ]);
    const listed = (await users())[0];
    expect(listed?.subscription_groups).toEqual([
      { subscription_group_id: 'sg-sms', subscription_state: 'subscribed', updated_at: '2026-03-01T10:00:00.000Z' },
      { subscription_group_id: 'sg-news', subscription_state: 'subscribed', updated_at: '2026-03-01T10:00:00.000Z' },
    ]);
    await engine.triggerCampaign('acme', { campaign_id: 'news', recipients: [{ external_user_id: 'u-1' }] });
    await engine.setSubscriptionStatusV2('acme', { subscription_groups: [{ subscription_group_id: 'sg-news', subscription_state: 'unsubscribed', external_ids: ['u-1'] }] });
    const dispatch = await engine.triggerCampaign('acme', { campaign_id: 'news', recipients: [{ external_user_id: 'u-1' }] });
    expect((await engine.getDispatch('acme', dispatch.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'skipped', reason: 'not_in_subscription_group' });
    expect((await engine.listMessages('acme', { campaign_id: 'news' })).messages).toHaveLength(1);
  });

  it('updates every holder of an email, creates an email-only profile when none, skips an unknown external id', async () => {
    start();
    await track({ attributes: [{ external_id: 'a', email: 'x@example.com' }, { external_id: 'b', email: 'X@example.com' }] });
    const accepted = await engine.setSubscriptionStatus('acme', { subscription_group_id: 'sg-news', subscription_state: 'subscribed', email: ['x@example.com', 'new@example.com'], external_id: 'nobody' });
    const outcomes = engine.writeStatus('acme', accepted.write_id)?.outcomes ?? [];
    expect(outcomes.map((outcome) => [outcome.path, outcome.reason, outcome.braze_ids.length])).toEqual([
      ['external_id', 'user_not_found', 0],
      ['email[0]', 'updated', 2],
      ['email[1]', 'created', 1],
    ]);
    expect((await users({ email: 'new@example.com' }))[0]?.subscription_groups).toMatchObject([{ subscription_group_id: 'sg-news', subscription_state: 'subscribed' }]);
  });

  it('refuses an unknown group and a channel that does not fit, before anything is written', async () => {
    start();
    await expect(engine.setSubscriptionStatus('acme', { subscription_group_id: 'sg-x', subscription_state: 'subscribed', external_id: 'u-1' })).rejects.toThrow('Subscription group does not exist');
    const wrong = engine.setSubscriptionStatus('acme', { subscription_group_id: 'sg-sms', subscription_state: 'subscribed', email: 'a@example.com' });
    await expect(wrong).rejects.toMatchObject({ message: 'Bad Request', errors: ['email: not allowed for an sms subscription group'] });
    const v2 = engine.setSubscriptionStatusV2('acme', { subscription_groups: [{ subscription_group_id: 'sg-news', subscription_state: 'subscribed', phones: ['+15555550100'] }] });
    await expect(v2).rejects.toMatchObject({ errors: ['subscription_groups[0].phones: not allowed for an email subscription group'] });
    expect(await users()).toEqual([]);
  });
});

describe('visibility (endpoints spec 6.2)', () => {
  it('shares the /users/track delay and queue: pending, then applied in the order accepted', async () => {
    start({ users_track_delay_ms: 1_000 });
    await track({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] });
    const alias = await engine.createAliases('acme', { user_aliases: [{ ...GUEST, external_id: 'u-1' }] });
    expect(engine.writeStatus('acme', alias.write_id)).toEqual({ applied_at: null, outcomes: [] });
    await engine.advanceClock('acme', { ms: 999 });
    expect(await users()).toEqual([]);
    await engine.advanceClock('acme', { ms: 1 });
    // The track write came first, so the alias finds its user.
    expect(engine.writeStatus('acme', alias.write_id)).toMatchObject({ applied_at: '2026-03-01T10:00:01.000Z', outcomes: [{ reason: 'added' }] });
    expect((await engine.getUser('acme', 'u-1')).user_aliases).toEqual([GUEST]);
  });
});

describe('guest checkout → sign-up → identify → order confirmation', () => {
  it('the confirmation reaches the identified user, who keeps the guest history', async () => {
    start();
    // Guest checkout: create-and-send to an alias-only user.
    await engine.createAliases('acme', { user_aliases: [GUEST] });
    await track({ attributes: [{ user_alias: GUEST, email: 'ann@example.com', tier: 'vip' }] });
    await engine.triggerCampaign('acme', { campaign_id: 'vip-offer', recipients: [{ user_alias: GUEST }] });
    // Sign-up creates the account, then identify folds the guest into it.
    await track({ attributes: [{ external_id: 'ann-1', first_name: 'Ann' }] });
    await engine.identifyUsers('acme', { aliases_to_identify: [{ external_id: 'ann-1', user_alias: GUEST }] });
    const sent = await engine.triggerCampaign('acme', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann-1', trigger_properties: { order_id: 'o-9' } }] });
    const [message] = (await engine.listMessages('acme', { dispatch_id: sent.dispatch_id })).messages;
    expect([message?.content, message?.recipient.address]).toEqual([{ subject: 'Order o-9', body: 'Hi Ann' }, 'ann@example.com']);
    // A segment on the merged attribute sees it.
    const vip = await engine.triggerCampaign('acme', { campaign_id: 'vip-offer', recipients: [{ external_user_id: 'ann-1' }] });
    expect((await engine.getDispatch('acme', vip.dispatch_id)).recipients[0]).toMatchObject({ outcome: 'sent' });
    const exported = await engine.exportUsers('acme', { external_ids: ['ann-1'], fields_to_export: ['user_aliases', 'campaigns_received'] });
    expect(exported.users[0]?.user_aliases).toEqual([GUEST]);
    expect(exported.users[0]?.campaigns_received?.map((received) => received.api_campaign_id).sort()).toEqual(['order-confirmation', 'vip-offer']);
  });
});
