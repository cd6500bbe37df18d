import { type z } from 'zod';
import {
  type UsersAliasNewRequest,
  usersAliasNewSchema,
  type UsersAliasUpdateRequest,
  usersAliasUpdateSchema,
  type UsersDeleteRequest,
  usersDeleteSchema,
  type UsersIdentifyRequest,
  usersIdentifySchema,
  type UsersMergeRequest,
  usersMergeSchema,
} from '../../schema/user-lifecycle.schema';
import { type SubscriptionStatusSetRequest, subscriptionStatusSetSchema, type SubscriptionStatusSetV2Request, subscriptionStatusSetV2Schema } from '../../schema/subscription-set.schema';
import { type IssueClassifier, type RuleCode, validateWith, type ValidationResult } from './validation-result';

/** A problem inside a list item (`list[i]…`) breaks the item rule; anything else is a type: "Bad Request". */
function insideItems(itemRule: RuleCode): IssueClassifier {
  return (issue) => (issue.path.length >= 2 && typeof issue.path[1] === 'number' ? itemRule : 'bad_request');
}

/**
 * `POST /users/identify` (endpoints spec 7): a list given, at most 50 items in all, each item
 * valid ("Invalid identifier"), then types ("Bad Request"). Never throws.
 *
 * @example
 * const result = validateUsersIdentify({ aliases_to_identify: [{ external_id: 'u-1', user_alias: { alias_name: 'g-7', alias_label: 'checkout' } }] });
 */
export function validateUsersIdentify(input: unknown): ValidationResult<UsersIdentifyRequest> {
  return validateWith(usersIdentifySchema, input, insideItems('invalid_identifier'));
}

/** `POST /users/alias/new` (endpoints spec 8): 1–50 `user_aliases`, each valid ("Invalid user alias"). */
export function validateUsersAliasNew(input: unknown): ValidationResult<UsersAliasNewRequest> {
  return validateWith(usersAliasNewSchema, input, insideItems('invalid_user_alias'));
}

/** `POST /users/alias/update` (endpoints spec 8): 1–50 `alias_updates`, each valid ("Invalid alias update"). */
export function validateUsersAliasUpdate(input: unknown): ValidationResult<UsersAliasUpdateRequest> {
  return validateWith(usersAliasUpdateSchema, input, insideItems('invalid_alias_update'));
}

/** `POST /users/delete` (endpoints spec 9): exactly one identifier list, 1–50 entries, each valid ("Invalid identifier"). */
export function validateUsersDelete(input: unknown): ValidationResult<UsersDeleteRequest> {
  return validateWith(usersDeleteSchema, input, insideItems('invalid_identifier'));
}

/** `POST /users/merge` (endpoints spec 10): the schema tags Braze's rules; a stray key inside an update is its "must only have" rule. */
export function validateUsersMerge(input: unknown): ValidationResult<UsersMergeRequest> {
  return validateWith(usersMergeSchema, input, (issue) => (issue.code === 'unrecognized_keys' && issue.path.length === 2 ? 'merge_keys' : 'bad_request'));
}

/** A missing or bad `subscription_group_id` / `subscription_state` ranks before the identifier rules (endpoints spec 12). */
const classifySubscriptionIssue: IssueClassifier = (issue: z.core.$ZodIssue) => {
  const field = issue.path.at(-1);
  return field === 'subscription_group_id' || field === 'subscription_state' ? 'subscription_fields' : 'bad_request';
};

/**
 * `POST /subscription/status/set` (endpoints spec 12, v1) without the workspace checks (the group
 * exists, the channel fits), which the engine makes before anything is written. Never throws.
 *
 * @example
 * validateSubscriptionStatusSet({ subscription_group_id: 'sg-news', subscription_state: 'unsubscribed', email: 'ann@example.com' });
 */
export function validateSubscriptionStatusSet(input: unknown): ValidationResult<SubscriptionStatusSetRequest> {
  return validateWith(subscriptionStatusSetSchema, input, classifySubscriptionIssue);
}

/** `POST /v2/subscription/status/set` (endpoints spec 12), paths `subscription_groups[i].…`. */
export function validateSubscriptionStatusSetV2(input: unknown): ValidationResult<SubscriptionStatusSetV2Request> {
  return validateWith(subscriptionStatusSetV2Schema, input, classifySubscriptionIssue);
}
