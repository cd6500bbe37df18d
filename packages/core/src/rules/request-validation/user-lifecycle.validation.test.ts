import { describe, expect, it } from 'vitest';
import {
  validateSubscriptionStatusSet,
  validateSubscriptionStatusSetV2,
  validateUsersAliasNew,
  validateUsersAliasUpdate,
  validateUsersDelete,
  validateUsersIdentify,
  validateUsersMerge,
} from './user-lifecycle.validation';
import type { ValidationResult } from './validation-result';

const alias = { alias_name: 'guest-7', alias_label: 'checkout' };
const many = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

/** The 400's message, or 'ok'. */
function messageOf(result: ValidationResult<unknown>): string {
  return result.ok ? 'ok' : result.error.message;
}

function errorsOf(result: ValidationResult<unknown>): readonly string[] {
  return result.ok ? [] : result.error.errors;
}

describe('validateUsersIdentify: endpoints spec 7', () => {
  it('accepts each list, and the legacy merge_behavior', () => {
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: [{ external_id: 'u-1', user_alias: alias }], merge_behavior: 'merge' }))).toBe('ok');
    expect(messageOf(validateUsersIdentify({ emails_to_identify: [{ external_id: 'u-1', email: 'a@example.com', prioritization: ['unidentified', 'most_recently_updated'] }] }))).toBe('ok');
    expect(messageOf(validateUsersIdentify({ phone_numbers_to_identify: [{ external_id: 'u-1', phone: '+15555550100', prioritization: ['least_recently_updated'] }] }))).toBe('ok');
  });

  it('answers the spec\'s messages in its order', () => {
    expect(messageOf(validateUsersIdentify([]))).toBe('Bad Request: body must be a JSON object');
    expect(messageOf(validateUsersIdentify({}))).toBe('aliases_to_identify, emails_to_identify or phone_numbers_to_identify is required');
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: [], emails_to_identify: [] }))).toBe('aliases_to_identify, emails_to_identify or phone_numbers_to_identify is required');
    const items = many(26, (index) => ({ external_id: `u-${index}`, user_alias: { ...alias, alias_name: `g-${index}` } }));
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: items, phone_numbers_to_identify: many(25, () => ({ external_id: 'x', phone: '1', prioritization: ['identified'] })) }))).toBe(
      'a single request may not contain more than 50 aliases to identify',
    );
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: [{ external_id: 'u-1' }] }))).toBe('Invalid identifier');
    expect(messageOf(validateUsersIdentify({ emails_to_identify: [{ external_id: 'u-1', email: 'a@example.com', prioritization: ['identified', 'unidentified'] }] }))).toBe('Invalid identifier');
    expect(messageOf(validateUsersIdentify({ emails_to_identify: [{ external_id: 'u-1', email: 'a@example.com' }] }))).toBe('Invalid identifier');
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: 'u-1' }))).toBe('Bad Request');
    expect(messageOf(validateUsersIdentify({ aliases_to_identify: [{ external_id: 'u-1', user_alias: alias }], merge_behavior: 'always' }))).toBe('Bad Request');
    expect(errorsOf(validateUsersIdentify({ aliases_to_identify: [{ external_id: 5, user_alias: alias }] }))).toEqual(['aliases_to_identify[0].external_id: must be a string, got number']);
  });
});

describe('aliases: endpoints spec 8', () => {
  it('alias/new: required, 50, Invalid user alias, types', () => {
    expect(messageOf(validateUsersAliasNew({ user_aliases: [{ ...alias, external_id: 'u-1' }, alias] }))).toBe('ok');
    expect(messageOf(validateUsersAliasNew({}))).toBe('user_aliases is required');
    expect(messageOf(validateUsersAliasNew({ user_aliases: [] }))).toBe('user_aliases is required');
    expect(messageOf(validateUsersAliasNew({ user_aliases: many(51, (index) => ({ ...alias, alias_name: `g-${index}` })) }))).toBe('a single request may not contain more than 50 user aliases');
    expect(messageOf(validateUsersAliasNew({ user_aliases: [{ alias_name: 'g' }] }))).toBe('Invalid user alias');
    expect(messageOf(validateUsersAliasNew({ user_aliases: {} }))).toBe('Bad Request');
  });

  it('alias/update: required, 50, Invalid alias update', () => {
    const update = { alias_label: 'checkout', old_alias_name: 'a', new_alias_name: 'b' };
    expect(messageOf(validateUsersAliasUpdate({ alias_updates: [update] }))).toBe('ok');
    expect(messageOf(validateUsersAliasUpdate({}))).toBe('alias_updates is required');
    expect(messageOf(validateUsersAliasUpdate({ alias_updates: many(51, () => update) }))).toBe('a single request may not contain more than 50 alias updates');
    expect(messageOf(validateUsersAliasUpdate({ alias_updates: [{ ...update, new_alias_name: '' }] }))).toBe('Invalid alias update');
  });
});

describe('validateUsersDelete: endpoints spec 9', () => {
  it('accepts exactly one list', () => {
    expect(messageOf(validateUsersDelete({ braze_ids: ['b-1'] }))).toBe('ok');
    expect(messageOf(validateUsersDelete({ email_addresses: [{ email: 'a@example.com', prioritization: ['unidentified'] }] }))).toBe('ok');
  });

  it('answers none, several, 50, a bad entry, in that order', () => {
    expect(messageOf(validateUsersDelete({}))).toBe('external_ids, user_aliases, braze_ids, email_addresses or phone_numbers is required');
    expect(messageOf(validateUsersDelete({ external_ids: [] }))).toBe('external_ids, user_aliases, braze_ids, email_addresses or phone_numbers is required');
    // Braze's own example sends four lists: the rule wins.
    expect(messageOf(validateUsersDelete({ external_ids: ['u-1'], user_aliases: [alias], braze_ids: ['b'], email_addresses: [{ email: 'a@example.com', prioritization: ['identified'] }] }))).toBe(
      'Only one of external_ids, user_aliases, braze_ids, email_addresses or phone_numbers may be provided',
    );
    expect(messageOf(validateUsersDelete({ external_ids: many(51, (index) => `u-${index}`) }))).toBe('a single request may not contain more than 50 users to delete');
    expect(messageOf(validateUsersDelete({ email_addresses: ['a@example.com'] }))).toBe('Invalid identifier');
    expect(messageOf(validateUsersDelete({ phone_numbers: [{ phone: '+1555' }] }))).toBe('Invalid identifier');
    expect(messageOf(validateUsersDelete({ external_ids: 'u-1' }))).toBe('Bad Request');
  });
});

describe('validateUsersMerge: endpoints spec 10 (Braze\'s messages)', () => {
  const keep = { external_id: 'u-1' };
  it('accepts mixed kinds', () => {
    const result = validateUsersMerge({
      merge_updates: [
        { identifier_to_merge: { user_alias: alias }, identifier_to_keep: keep },
        { identifier_to_merge: { email: 'a@example.com', prioritization: ['unidentified', 'most_recently_updated'] }, identifier_to_keep: { phone: '+1555', prioritization: ['identified'] } },
      ],
    });
    expect(messageOf(result)).toBe('ok');
  });

  it('answers each rule', () => {
    expect(messageOf(validateUsersMerge({}))).toBe("'merge_updates' must be an array of objects");
    expect(messageOf(validateUsersMerge({ merge_updates: ['u-1'] }))).toBe("'merge_updates' must be an array of objects");
    expect(messageOf(validateUsersMerge({ merge_updates: many(51, () => ({ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: keep })) }))).toBe(
      'a single request may not contain more than 50 merge updates',
    );
    expect(messageOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { external_id: 'a' } }] }))).toBe("'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'");
    expect(messageOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: keep, extra: 1 }] }))).toBe(
      "'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'",
    );
    const badIdentifier = "identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string";
    expect(messageOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { braze_id: 'b' }, identifier_to_keep: keep }] }))).toBe(badIdentifier);
    expect(messageOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { external_id: 7 }, identifier_to_keep: keep }] }))).toBe(badIdentifier);
    expect(messageOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { email: 'a@example.com' }, identifier_to_keep: keep }] }))).toBe('Invalid identifier');
    expect(errorsOf(validateUsersMerge({ merge_updates: [{ identifier_to_merge: { email: 'a@example.com', prioritization: ['vip'] }, identifier_to_keep: keep }] }))[0]).toMatch(
      /^merge_updates\[0\]\.identifier_to_merge\.prioritization: /,
    );
  });
});

describe('subscription POSTs: endpoints spec 12', () => {
  const base = { subscription_group_id: 'sg-news', subscription_state: 'subscribed' };
  it('v1: accepts a string or a list of each identifier', () => {
    expect(messageOf(validateSubscriptionStatusSet({ ...base, external_id: 'u-1' }))).toBe('ok');
    expect(messageOf(validateSubscriptionStatusSet({ ...base, external_id: ['u-1'], phone: ['+15555550100'] }))).toBe('ok');
  });

  it('v1: ranks a missing group above email with phone, that above the 50 limit', () => {
    expect(messageOf(validateSubscriptionStatusSet({ subscription_state: 'subscribed', email: 'a@example.com', phone: '+15555550100' }))).toBe('Bad Request');
    expect(messageOf(validateSubscriptionStatusSet({ ...base, subscription_state: 'maybe', email: 'a@example.com', phone: '+15555550100' }))).toBe('Bad Request');
    expect(errorsOf(validateSubscriptionStatusSet(base))).toEqual(['external_id, email or phone is required']);
    expect(messageOf(validateSubscriptionStatusSet({ ...base, email: many(51, (index) => `a${index}@example.com`), phone: '+15555550100' }))).toBe(
      'Either an email address or a phone number should be provided, but not both.',
    );
    expect(messageOf(validateSubscriptionStatusSet({ ...base, email: many(51, (index) => `a${index}@example.com`) }))).toBe('a single request may not contain more than 50 email values');
    expect(messageOf(validateSubscriptionStatusSet({ ...base, phone: '5555550100' }))).toBe('Bad Request');
    expect(errorsOf(validateSubscriptionStatusSet({ ...base, phone: ['+15555550100', '555'] }))).toEqual(['phone[1]: must be an E.164 phone number (+ and up to 15 digits)']);
  });

  it('v2: entries 1–50, emails in one entry exclude phones in another', () => {
    const entry = { ...base, emails: ['a@example.com'], use_double_opt_in_logic: true };
    expect(messageOf(validateSubscriptionStatusSetV2({ subscription_groups: [entry] }))).toBe('ok');
    expect(messageOf(validateSubscriptionStatusSetV2({ subscription_groups: [] }))).toBe('Bad Request');
    expect(messageOf(validateSubscriptionStatusSetV2({ subscription_groups: [entry, { ...base, subscription_group_id: 'sg-sms', phones: ['+15555550100'] }] }))).toBe(
      'Either an email address or a phone number should be provided, but not both.',
    );
    expect(messageOf(validateSubscriptionStatusSetV2({ subscription_groups: [{ ...base, external_ids: many(51, (index) => `u-${index}`) }] }))).toBe(
      'a single request may not contain more than 50 external_ids values',
    );
    expect(errorsOf(validateSubscriptionStatusSetV2({ subscription_groups: [{ ...base }] }))).toEqual(['subscription_groups[0]: external_ids, emails or phones is required']);
  });
});
