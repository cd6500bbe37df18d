import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { requestJsonSchemas, type RequestSchemaName } from './json-schema';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = Object.fromEntries(Object.entries(requestJsonSchemas()).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<RequestSchemaName, ReturnType<typeof ajv.compile>>;

const valid: Record<RequestSchemaName, unknown[]> = {
  'campaign-trigger-send': [
    {
      campaign_id: 'c',
      send_id: 's',
      trigger_properties: '',
      audience: { AND: [{ custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'gold' } }, { OR: [{ push_subscription_status: { comparison: 'is', value: 'opted_in' } }] }] },
      recipients: [{ external_user_id: 'u', attributes: { gender: 'F', visits: { inc: 1 }, tags: { add: ['a'] } }, trigger_properties: { n: 1 } }],
    },
  ],
  'canvas-trigger-send': [{ canvas_id: 'cv', broadcast: true, canvas_entry_properties: { step: 1 } }],
  'users-track': [
    { attributes: [{ external_id: 'u', first_name: 'Ann' }], events: [{ external_id: 'u', name: 'e', time: '2024-01-01' }] },
    { attributes: [{ external_id: 'u', email: null }, { email: 'e@example.com', plan: 'gold' }] },
  ],
  'sends-id-create': [{ campaign_id: 'c' }],
  'transactional-send': [{ external_send_id: 'order-1/a+b=', trigger_properties: { order_id: 'A-1' }, recipient: { external_user_id: 'u', attributes: { first_name: 'Ann' } } }],
  'messages-send': [
    { external_user_ids: ['u'], campaign_id: 'promo', messages: { email: { app_id: 'a', from: 'Shop <s@example.com>', body: 'Hi', extras: { k: 'v' } }, sms: { subscription_group_id: 'g', app_id: 'a', body: 'b' } } },
    { broadcast: true, segment_id: 'vip', recipient_subscription_state: 'opted_in', messages: { apple_push: { alert: { body: 'x' } }, android_push: { alert: 'a', title: 't', priority: 9 } } },
  ],
  'users-export-ids': [{ external_ids: ['u'], user_aliases: [{ alias_name: 'n', alias_label: 'l' }], fields_to_export: ['email', 'custom_attributes'] }, { email_address: 'a@example.com' }],
  'users-identify': [{ aliases_to_identify: [{ external_id: 'u', user_alias: { alias_name: 'n', alias_label: 'l' } }], emails_to_identify: [{ external_id: 'u', email: 'a@example.com', prioritization: ['unidentified'] }] }],
  'users-alias-new': [{ user_aliases: [{ alias_name: 'n', alias_label: 'l' }, { external_id: 'u', alias_name: 'm', alias_label: 'l' }] }],
  'users-alias-update': [{ alias_updates: [{ alias_label: 'l', old_alias_name: 'a', new_alias_name: 'b' }] }],
  'users-delete': [{ external_ids: ['u'] }, { phone_numbers: [{ phone: '+1555', prioritization: ['identified'] }] }],
  'users-merge': [{ merge_updates: [{ identifier_to_merge: { user_alias: { alias_name: 'n', alias_label: 'l' } }, identifier_to_keep: { email: 'a@example.com', prioritization: ['identified'] } }] }],
  'subscription-status-set': [{ subscription_group_id: 'g', subscription_state: 'subscribed', external_id: 'u' }, { subscription_group_id: 'g', subscription_state: 'unsubscribed', phone: ['+15555550100'] }],
  'subscription-status-set-v2': [{ subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed', emails: ['a@example.com'], use_double_opt_in_logic: true }] }],
  'mock-server-config': [{ workspaces: [{ name: 'w', api_keys: [{ key: 'k', permissions: ['users.track'] }], users_track_delay_ms: [1, 2] }] }],
};

const invalid: Record<RequestSchemaName, unknown[]> = {
  'campaign-trigger-send': [{ recipients: [] }, { campaign_id: 'c', broadcast: 'yes' }, { campaign_id: 'c', audience: { AND: [] } }, { campaign_id: 'c', recipients: [{ attributes: { gender: 'x' } }] }],
  'canvas-trigger-send': [{ context: {} }],
  'users-track': [{ events: [{ name: 'e' }] }, { attributes: [{ $bad: 1 }] }],
  'sends-id-create': [{ campaign_id: 'c', send_id: 'x'.repeat(65) }],
  'transactional-send': [{}, { external_send_id: 'has space', recipient: { external_user_id: 'u' } }, { recipient: { external_user_id: 'u', attributes: { email_subscribe: 'maybe' } } }],
  'messages-send': [{ external_user_ids: ['u'] }, { external_user_ids: ['u'], messages: { sms: { body: 'b' } } }, { external_user_ids: ['u'], recipient_subscription_state: 'maybe', messages: { email: { app_id: 'a', from: 'a@b', body: 'b' } } }],
  'users-export-ids': [{ external_ids: ['u'], fields_to_export: ['shoe_size'] }, { external_ids: 'u' }],
  'users-identify': [{ aliases_to_identify: [{ external_id: 'u' }] }, { emails_to_identify: [{ external_id: 'u', email: 'a@example.com', prioritization: [] }] }],
  'users-alias-new': [{ user_aliases: [{ alias_name: 'n' }] }],
  'users-alias-update': [{ alias_updates: [{ alias_label: 'l', old_alias_name: 'a' }] }],
  'users-delete': [{ external_ids: 'u' }, { email_addresses: ['a@example.com'] }],
  'users-merge': [{ merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' }, extra: 1 }] }, { merge_updates: 'x' }],
  'subscription-status-set': [{ subscription_state: 'subscribed', external_id: 'u' }, { subscription_group_id: 'g', subscription_state: 'maybe', external_id: 'u' }],
  'subscription-status-set-v2': [{ subscription_groups: [] }, { subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed', emails: 'a@example.com' }] }],
  'mock-server-config': [{ workspaces: [{ name: 'w' }] }],
};

describe('generated JSON Schemas agree with the zod schemas on examples', () => {
  it.each(Object.keys(valid) as RequestSchemaName[])('%s accepts valid bodies and rejects invalid ones', (name) => {
    const validate = validators[name];
    for (const body of valid[name]) expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    for (const body of invalid[name]) expect(validate(body)).toBe(false);
  });
});
