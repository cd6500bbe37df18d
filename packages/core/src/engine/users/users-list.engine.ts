import { MESSAGES, ValidationError } from '../../errors';
import type { ProfileRecord, Store, StoreReader } from '../ports/store.port';
import type { UserInspection } from '../engine.types';

/** `GET /_mock/users` filters and paging (endpoints spec 14.5). */
export interface UserListQuery {
  braze_id?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  /** Both or neither: an alias is its label and name. */
  alias_label?: string | undefined;
  alias_name?: string | undefined;
  /** 1 to 1,000; default 100. */
  limit: number;
  /** The `next_after` of the previous page. */
  after?: string | undefined;
}

/** One listed profile: the `/_mock/users/{id}` view, `external_id` absent for an alias-only or anonymous profile. */
export type ListedUser = Omit<UserInspection, 'external_id'> & { external_id?: string; subscription_groups: unknown[] };

export interface UsersListResponse {
  users: ListedUser[];
  /** Present when more profiles follow: pass it back as `after`. */
  next_after?: string;
}

/**
 * `GET /_mock/users` (endpoints spec 14.5): visible profiles in creation order, paged, or those a
 * filter names (`braze_id`, `email` — every holder, `phone`, `alias_label` + `alias_name`; several
 * filters must all match), so profiles without an external id can be found too.
 */
export async function listUsers(store: Store, workspace: string, query: UserListQuery): Promise<UsersListResponse> {
  if ((query.alias_label === undefined) !== (query.alias_name === undefined)) {
    const missing = query.alias_label === undefined ? 'alias_label' : 'alias_name';
    throw new ValidationError('bad_request', MESSAGES.bad_request, [`query.${missing}: required with ${missing === 'alias_label' ? 'alias_name' : 'alias_label'}`]);
  }
  if (query.after !== undefined && !/^\d{1,15}$/.test(query.after)) throw new ValidationError('bad_request', MESSAGES.bad_request, ['query.after: must be a next_after of this list']);
  return store.unit(async (tx) => {
    const filtered = await filteredProfiles(tx, workspace, query);
    if (filtered !== undefined) return { users: filtered.slice(0, query.limit).map(listed) };
    const page = await tx.scanProfiles(workspace, { after: query.after, limit: query.limit });
    const more = page.next !== undefined && page.profiles.length === query.limit && (await tx.scanProfiles(workspace, { after: page.next, limit: 1 })).profiles.length > 0;
    const users = page.profiles.map(listed);
    return more && page.next !== undefined ? { users, next_after: page.next } : { users };
  });
}

/** The profiles every given filter names, in creation order; undefined without filters. */
async function filteredProfiles(tx: StoreReader, workspace: string, query: UserListQuery): Promise<ProfileRecord[] | undefined> {
  const candidates: ProfileRecord[][] = [];
  const one = (profile: ProfileRecord | undefined): ProfileRecord[] => (profile === undefined ? [] : [profile]);
  if (query.braze_id !== undefined) candidates.push(one(await tx.findProfile(workspace, { braze_id: query.braze_id })));
  if (query.email !== undefined) candidates.push(await tx.findProfilesByEmail(workspace, query.email));
  if (query.phone !== undefined) candidates.push(await tx.findProfilesByPhone(workspace, query.phone));
  if (query.alias_label !== undefined && query.alias_name !== undefined) {
    candidates.push(one(await tx.findProfile(workspace, { user_alias: { alias_label: query.alias_label, alias_name: query.alias_name } })));
  }
  const [first, ...rest] = candidates;
  if (first === undefined) return undefined;
  return first.filter((profile) => rest.every((list) => list.some((other) => other.braze_id === profile.braze_id)));
}

/** The inspection view of a profile (`GET /_mock/users/{id}`); `external_id` only when it has one. */
export function inspectionOf(profile: ProfileRecord): Omit<UserInspection, 'external_id'> & { external_id?: string } {
  const view = {
    braze_id: profile.braze_id,
    user_aliases: profile.user_aliases,
    attributes: profile.attributes,
    created_at: profile.created_at,
    updated_at: profile.updated_at,
    events: profile.events,
    purchases: profile.purchases,
  };
  return profile.external_id === undefined ? view : { external_id: profile.external_id, ...view };
}

function listed(profile: ProfileRecord): ListedUser {
  const groups = Object.hasOwn(profile.attributes, 'subscription_groups') ? profile.attributes['subscription_groups'] : undefined;
  return { ...inspectionOf(profile), subscription_groups: Array.isArray(groups) ? groups : [] };
}
