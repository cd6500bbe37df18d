import { isPlainObject } from '../schema/json-object.schema';

export type ReachabilityChannel = 'email' | 'push' | 'sms';

export type UnreachableReason = 'no_email' | 'unsubscribed' | 'not_opted_in' | 'no_push_token' | 'no_phone' | 'not_in_subscription_group';

/**
 * Which subscription states a send reaches (endpoints spec 3.3): `opted_in` only opted-in users,
 * `subscribed` (the default of every trigger) subscribed or opted-in ones, `all` everyone with an
 * address (transactional email, spec 4.2).
 */
export type SubscriptionRequirement = 'opted_in' | 'subscribed' | 'all';

export type Reachability = { reachable: true } | { reachable: false; reason: UnreachableReason };

const REACHABLE: Reachability = { reachable: true };

/**
 * Whether a profile can receive the campaign's channel (spec 3.3 step 7), judged on its stored
 * attributes after this request's update. A missing subscription status counts as `subscribed`
 * (Braze's default); an empty string is no email or phone; push needs at least one usable token
 * (a non-empty string, or an `{app_id, token}` object with a non-empty `token`). `required` says
 * which subscription states count (default `subscribed`); it does not apply to SMS.
 *
 * @example
 * checkReachability('email', { email: 'a@example.com', email_subscribe: 'unsubscribed' });
 * // → { reachable: false, reason: 'unsubscribed' }
 */
export function checkReachability(channel: ReachabilityChannel, attributes: Readonly<Record<string, unknown>>, required: SubscriptionRequirement = 'subscribed'): Reachability {
  const read = ownReader(attributes);
  switch (channel) {
    case 'email':
      if (!isNonEmptyString(read('email'))) return unreachable('no_email');
      return subscriptionProblem(read('email_subscribe'), required) ?? REACHABLE;
    case 'push': {
      const problem = subscriptionProblem(read('push_subscribe'), required);
      if (problem) return problem;
      return firstPushToken(read('push_tokens')) !== undefined ? REACHABLE : unreachable('no_push_token');
    }
    case 'sms':
      return isNonEmptyString(read('phone')) ? REACHABLE : unreachable('no_phone');
  }
}

/**
 * Whether a subscription status (`email_subscribe`, `push_subscribe`) meets `required`; a missing
 * status counts as `subscribed` (Braze's default). Undefined when it does.
 */
export function subscriptionProblem(status: unknown, required: SubscriptionRequirement): Reachability | undefined {
  if (required === 'all') return undefined;
  if (status === 'unsubscribed') return unreachable('unsubscribed');
  if (required === 'opted_in' && status !== 'opted_in') return unreachable('not_opted_in');
  return undefined;
}

function unreachable(reason: UnreachableReason): Reachability {
  return { reachable: false, reason };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Own keys only: a stored `__proto__` or `constructor` attribute is data, never the prototype's. */
function ownReader(attributes: Readonly<Record<string, unknown>>): (key: string) => unknown {
  return (key) => (Object.hasOwn(attributes, key) ? attributes[key] : undefined);
}

/**
 * The address a message on `channel` goes to, read as `checkReachability` reads it: the email, the
 * phone, or the first usable push token. Undefined when the profile is not reachable on it.
 */
export function deliveryAddress(channel: ReachabilityChannel, attributes: Readonly<Record<string, unknown>>): string | undefined {
  const read = ownReader(attributes);
  const value = channel === 'email' ? read('email') : channel === 'sms' ? read('phone') : firstPushToken(read('push_tokens'));
  return isNonEmptyString(value) ? value : undefined;
}

/** The first usable token: a non-empty string, or an `{app_id, token}` object's non-empty `token`. */
function firstPushToken(tokens: unknown): string | undefined {
  if (!Array.isArray(tokens)) return undefined;
  for (const token of tokens) {
    if (isNonEmptyString(token)) return token;
    if (isPlainObject(token) && isNonEmptyString(token['token'])) return token['token'];
  }
  return undefined;
}

/** A platform of the workspace's `apps` (endpoints spec 15). */
export type PushPlatform = 'ios' | 'android';

/**
 * Endpoints spec 3.3: the profile's usable tokens for `platform`, oldest first: a token of an app
 * of that platform, or of an unknown one (plain strings, `app_id`s not in `apps`).
 *
 * @example
 * pushTokensFor({ push_tokens: ['t1', { app_id: 'droid', token: 't2' }] }, 'ios', (id) => (id === 'droid' ? 'android' : undefined));
 * // → ['t1']
 */
export function pushTokensFor(attributes: Readonly<Record<string, unknown>>, platform: PushPlatform, platformOf: (appId: string) => PushPlatform | undefined): string[] {
  const tokens = ownReader(attributes)('push_tokens');
  if (!Array.isArray(tokens)) return [];
  const usable: string[] = [];
  for (const token of tokens) {
    if (isNonEmptyString(token)) usable.push(token);
    else if (isPlainObject(token) && isNonEmptyString(token['token'])) {
      const appPlatform = typeof token['app_id'] === 'string' ? platformOf(token['app_id']) : undefined;
      if (appPlatform === undefined || appPlatform === platform) usable.push(token['token']);
    }
  }
  return usable;
}

/**
 * The profile's state in a subscription group, as its `subscription_groups` attribute last set it
 * (TS §7), or `undefined` without history there.
 */
export function subscriptionGroupState(attributes: Readonly<Record<string, unknown>>, groupId: string): string | undefined {
  const groups = ownReader(attributes)('subscription_groups');
  if (!Array.isArray(groups)) return undefined;
  let state: string | undefined;
  for (const entry of groups) {
    if (isPlainObject(entry) && entry['subscription_group_id'] === groupId && typeof entry['subscription_state'] === 'string') state = entry['subscription_state'];
  }
  return state;
}
