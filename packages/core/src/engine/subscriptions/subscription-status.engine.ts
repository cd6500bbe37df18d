import { MESSAGES, ValidationError } from '../../errors';
import { subscriptionGroupState } from '../../rules/reachability.rules';
import type { SubscriptionGroupConfig } from '../../schema/mock-config.schema';
import type { GROUP_STATUSES, SubscriptionStatusResponse, UserSubscriptionsResponse } from '../../schema/subscription-set.schema';
import type { ProfileRecord, Store, StoreReader } from '../ports/store.port';
import { DEFAULT_PAGE_LIMIT } from '../engine.types';

/** What the subscription GETs read (endpoints spec 12): visible profiles and the configured groups. */
export interface SubscriptionWorkspace {
  name: string;
  store: Store;
  groups: ReadonlyMap<string, SubscriptionGroupConfig>;
}

type Query = Readonly<Record<string, unknown>>;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export type { SubscriptionStatusResponse, UserSubscriptionsResponse };

/** At most this many values per identifier list (endpoints spec 12). */
const MAX_VALUES = 50;
const USER_STATUS_MAX_LIMIT = 100;

/** A query list: `name=v`, repeated `name=v&name=v`, or `name[]=v` (endpoints spec 1). */
function listOf(query: Query, name: string): string[] {
  const values: string[] = [];
  for (const key of [name, `${name}[]`]) {
    const value = query[key];
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) values.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  return values;
}

function badRequest(errors: string[]): ValidationError {
  return new ValidationError('bad_request', MESSAGES.bad_request, errors);
}

interface Identifiers {
  external_id: string[];
  email: string[];
  phone: string[];
}

/** The identifier lists, at least one value in all (spec 12's rule order: this, then email + phone, then the 50 limit). */
function identifiers(query: Query): Identifiers {
  const ids: Identifiers = { external_id: listOf(query, 'external_id'), email: listOf(query, 'email'), phone: listOf(query, 'phone') };
  if (ids.external_id.length + ids.email.length + ids.phone.length === 0) throw badRequest(['external_id, email or phone is required']);
  return ids;
}

function checkCounts(ids: Identifiers): void {
  for (const name of ['external_id', 'email', 'phone'] as const) {
    if (ids[name].length > MAX_VALUES) throw new ValidationError('bad_request', `a single request may not contain more than ${MAX_VALUES} ${name} values`, [`query.${name}: at most ${MAX_VALUES} values`]);
  }
}

/** The profile's state in the group as the status words of Braze's responses. */
function statusIn(profile: ProfileRecord, groupId: string): GroupStatus {
  const state = subscriptionGroupState(profile.attributes, groupId);
  return state === 'subscribed' ? 'Subscribed' : state === 'unsubscribed' ? 'Unsubscribed' : 'Unknown';
}

/**
 * `GET /subscription/status/get`: each user's state in one group, keyed by its external id (else the
 * email or phone queried). With `external_id`, `email` and `phone` are ignored; both of those
 * without it is Braze's "Either an email address or a phone number…" 400.
 */
export async function getSubscriptionStatus(ws: SubscriptionWorkspace, query: Query): Promise<SubscriptionStatusResponse> {
  const [groupId] = listOf(query, 'subscription_group_id');
  if (groupId === undefined || groupId === '') throw badRequest(['query.subscription_group_id: required']);
  const ids = identifiers(query);
  if (ids.external_id.length === 0 && ids.email.length > 0 && ids.phone.length > 0) throw new ValidationError('subscription_email_and_phone', MESSAGES.subscription_email_and_phone, ['query: email and phone cannot be combined']);
  checkCounts(ids);
  if (!ws.groups.has(groupId)) throw new ValidationError('subscription_group_not_found', MESSAGES.subscription_group_not_found, []);
  const status: Record<string, GroupStatus> = {};
  await ws.store.unit(async (tx) => {
    if (ids.external_id.length > 0) {
      for (const id of ids.external_id) {
        const profile = await tx.findProfile(ws.name, { external_id: id });
        if (profile) status[id] = statusIn(profile, groupId);
      }
      return;
    }
    for (const [kind, values] of [['email', ids.email], ['phone', ids.phone]] as const) {
      for (const value of values) {
        for (const profile of await holders(tx, ws.name, kind, value)) status[profile.external_id ?? value] = statusIn(profile, groupId);
      }
    }
  });
  return Object.keys(status).length === 0 ? { status: {}, message: 'User not found' } : { status, message: 'success' };
}

function holders(tx: StoreReader, workspace: string, kind: 'email' | 'phone', value: string): Promise<ProfileRecord[]> {
  return kind === 'email' ? tx.findProfilesByEmail(workspace, value) : tx.findProfilesByPhone(workspace, value);
}

/** A decimal integer query parameter in [min, max], or the default. */
function integerParam(query: Query, name: string, min: number, max: number, fallback: number, problems: string[]): number {
  const [text] = listOf(query, name);
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) problems.push(`query.${name}: must be an integer from ${min}${Number.isFinite(max) ? ` to ${max}` : ' up'}`);
  return value;
}

/**
 * `GET /subscription/user/status`: every queried user (external ids, then emails' and phones'
 * holders, each once) with the configured groups it has history in, paged by `limit` / `offset`.
 */
export async function listUserSubscriptions(ws: SubscriptionWorkspace, query: Query): Promise<UserSubscriptionsResponse> {
  const problems: string[] = [];
  const limit = integerParam(query, 'limit', 1, USER_STATUS_MAX_LIMIT, DEFAULT_PAGE_LIMIT, problems);
  const offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0, problems);
  if (problems.length > 0) throw badRequest(problems);
  const ids = identifiers(query);
  checkCounts(ids);
  const found = new Map<string, ProfileRecord>();
  await ws.store.unit(async (tx) => {
    for (const id of ids.external_id) {
      const profile = await tx.findProfile(ws.name, { external_id: id });
      if (profile && !found.has(profile.braze_id)) found.set(profile.braze_id, profile);
    }
    for (const [kind, values] of [['email', ids.email], ['phone', ids.phone]] as const) {
      for (const value of values) for (const profile of await holders(tx, ws.name, kind, value)) if (!found.has(profile.braze_id)) found.set(profile.braze_id, profile);
    }
  });
  const users = [...found.values()].slice(offset, offset + limit).map((profile) => userEntry(ws, profile));
  return { message: 'success', total_count: found.size, users };
}

function userEntry(ws: SubscriptionWorkspace, profile: ProfileRecord): UserSubscriptionsResponse['users'][number] {
  const entry: UserSubscriptionsResponse['users'][number] = { subscription_groups: [] };
  if (profile.external_id !== undefined) entry.external_id = profile.external_id;
  const { email, phone } = profile.attributes;
  if (typeof email === 'string' && email !== '') entry.email = email;
  if (typeof phone === 'string' && phone !== '') entry.phone = phone;
  for (const group of ws.groups.values()) {
    const status = statusIn(profile, group.id);
    // "Only subscription groups that have had a subscription status update in a user's history will be included."
    if (status !== 'Unknown') entry.subscription_groups.push({ id: group.id, name: group.name ?? group.id, channel: group.channel, status });
  }
  return entry;
}
