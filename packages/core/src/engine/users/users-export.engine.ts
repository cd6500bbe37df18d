import { validateUsersExportIds } from '../../rules/request-validation/users-export.validation';
import { isPlainObject } from '../../schema/json-object.schema';
import type { CampaignDefinition, CanvasDefinition } from '../../schema/mock-config.schema';
import type { MessageRecord } from '../../schema/responses.schema';
import { EXPORT_FIELDS, type ExportField, type UsersExportIdsRequest, type UsersExportIdsResponse } from '../../schema/users-export.schema';
import type { ActivityCounter, ProfileRecord, Store, StoreReader } from '../ports/store.port';
import { STANDARD_ATTRIBUTE_KEYS } from '../render/liquid-scope';
import type { PushPlatform } from '../../rules/reachability.rules';

/** What `/users/export/ids` reads of its workspace (endpoints spec 11). */
export interface UsersExportWorkspace {
  name: string;
  store: Store;
  campaigns: ReadonlyMap<string, CampaignDefinition>;
  canvases: ReadonlyMap<string, CanvasDefinition>;
  /** Config `export_fields_required` (default `true`). */
  fieldsRequired: boolean;
  platformOf(appId: string): PushPlatform | undefined;
}

/** Standard attributes exported under their own names (endpoints spec 11). */
const STANDARD_EXPORTS = ['first_name', 'last_name', 'email', 'phone', 'dob', 'gender', 'country', 'language', 'home_city', 'time_zone', 'email_subscribe', 'push_subscribe'] as const;
/** Always empty in the mock (no SDK data). */
const ALWAYS_EMPTY = new Set<ExportField>(['apps', 'devices', 'cards_clicked']);
/** Messages read per page when collecting a profile's received campaigns and canvases. */
const MESSAGE_PAGE = 1_000;
/** Profiles per page of a `device_id` scan. */
const SCAN_PAGE = 500;

/**
 * `POST /users/export/ids` (endpoints spec 11): read-only. Visible profiles in identifier order
 * (`external_ids`, `user_aliases`, `braze_id`, `device_id`, `email_address`, `phone`), each once;
 * identifiers that matched nobody in `invalid_user_ids` (an alias as its `alias_name`).
 */
export async function exportUsers(ws: UsersExportWorkspace, body: unknown): Promise<UsersExportIdsResponse> {
  const validated = validateUsersExportIds(body, { fieldsRequired: ws.fieldsRequired });
  if (!validated.ok) throw validated.error;
  const request = validated.value;
  const fields = new Set<ExportField>(request.fields_to_export ?? EXPORT_FIELDS);
  const { profiles, unmatched } = await ws.store.unit((tx) => findAll(tx, ws.name, request));
  const users: Record<string, unknown>[] = [];
  for (const profile of profiles) users.push(await exported(ws, profile, fields));
  return unmatched.length > 0 ? { message: 'success', users, invalid_user_ids: unmatched } : { message: 'success', users };
}

async function findAll(tx: StoreReader, workspace: string, request: UsersExportIdsRequest): Promise<{ profiles: ProfileRecord[]; unmatched: string[] }> {
  const profiles = new Map<string, ProfileRecord>();
  const unmatched: string[] = [];
  const found = (matches: readonly ProfileRecord[], asGiven: string): void => {
    if (matches.length === 0) unmatched.push(asGiven);
    for (const profile of matches) if (!profiles.has(profile.braze_id)) profiles.set(profile.braze_id, profile);
  };
  const one = (profile: ProfileRecord | undefined): ProfileRecord[] => (profile === undefined ? [] : [profile]);
  for (const id of request.external_ids ?? []) found(one(await tx.findProfile(workspace, { external_id: id })), id);
  for (const alias of request.user_aliases ?? []) found(one(await tx.findProfile(workspace, { user_alias: { alias_name: alias.alias_name, alias_label: alias.alias_label } })), alias.alias_name);
  if (request.braze_id !== undefined) found(one(await tx.findProfile(workspace, { braze_id: request.braze_id })), request.braze_id);
  if (request.device_id !== undefined) found(await profilesWithDevice(tx, workspace, request.device_id), request.device_id);
  if (request.email_address !== undefined) found(await tx.findProfilesByEmail(workspace, request.email_address), request.email_address);
  if (request.phone !== undefined) found(await tx.findProfilesByPhone(workspace, request.phone), request.phone);
  return { profiles: [...profiles.values()], unmatched };
}

/** Profiles with a push token object of that `device_id` (a scan: no index is kept for it). */
async function profilesWithDevice(tx: StoreReader, workspace: string, deviceId: string): Promise<ProfileRecord[]> {
  const matches: ProfileRecord[] = [];
  let after: string | undefined;
  do {
    const page = await tx.scanProfiles(workspace, { after, limit: SCAN_PAGE });
    for (const profile of page.profiles) if (tokensOf(profile).some((token) => token['device_id'] === deviceId)) matches.push(profile);
    after = page.next;
  } while (after !== undefined);
  return matches;
}

function tokensOf(profile: ProfileRecord): Record<string, unknown>[] {
  const tokens = Object.hasOwn(profile.attributes, 'push_tokens') ? profile.attributes['push_tokens'] : undefined;
  if (!Array.isArray(tokens)) return [];
  return tokens.flatMap((token: unknown) => (typeof token === 'string' && token !== '' ? [{ token }] : isPlainObject(token) && typeof token['token'] === 'string' ? [token] : []));
}

/** One user object: the fields asked for that have a value, in `EXPORT_FIELDS` order. */
async function exported(ws: UsersExportWorkspace, profile: ProfileRecord, fields: ReadonlySet<ExportField>): Promise<Record<string, unknown>> {
  const received = fields.has('campaigns_received') || fields.has('canvases_received') ? await receivedBy(ws, profile) : undefined;
  const user: Record<string, unknown> = {};
  for (const field of EXPORT_FIELDS) {
    if (!fields.has(field)) continue;
    const value = ALWAYS_EMPTY.has(field) ? [] : valueOf(ws, profile, field, received);
    if (value !== undefined) user[field] = value;
  }
  return user;
}

function valueOf(ws: UsersExportWorkspace, profile: ProfileRecord, field: ExportField, received: Received | undefined): unknown {
  const attributes = profile.attributes;
  switch (field) {
    case 'external_id':
      return profile.external_id;
    case 'braze_id':
      return profile.braze_id;
    case 'user_aliases':
      return profile.user_aliases.length > 0 ? profile.user_aliases.map((alias) => ({ alias_name: alias.alias_name, alias_label: alias.alias_label })) : undefined;
    case 'created_at':
      return profile.created_at;
    case 'custom_attributes': {
      const custom = Object.fromEntries(Object.entries(attributes).filter(([key]) => !STANDARD_ATTRIBUTE_KEYS.has(key)));
      return Object.keys(custom).length > 0 ? custom : undefined;
    }
    case 'custom_events':
      return counters(profile.events);
    case 'purchases':
      return counters(profile.purchases);
    case 'push_tokens': {
      const tokens = tokensOf(profile).map((token) => pushToken(ws, token));
      return tokens.length > 0 ? tokens : undefined;
    }
    case 'total_revenue': {
      const revenue = Object.values(profile.purchases).reduce((sum, counter) => sum + (counter.revenue ?? 0), 0);
      return Object.keys(profile.purchases).length > 0 ? Math.round(revenue * 100) / 100 : undefined;
    }
    case 'random_bucket':
      return fnv1a32(profile.braze_id) % 10_000;
    case 'campaigns_received':
      return received && received.campaigns.length > 0 ? received.campaigns : undefined;
    case 'canvases_received':
      return received && received.canvases.length > 0 ? received.canvases : undefined;
    default: {
      if (!(STANDARD_EXPORTS as readonly string[]).includes(field)) return undefined;
      const value = Object.hasOwn(attributes, field) ? attributes[field] : undefined;
      return value === null || value === '' ? undefined : value;
    }
  }
}

function counters(byName: Readonly<Record<string, ActivityCounter>>): { name: string; first: string; last: string; count: number }[] | undefined {
  const list = Object.entries(byName).map(([name, counter]) => ({ name, first: counter.first_time, last: counter.last_time, count: counter.count }));
  return list.length > 0 ? list : undefined;
}

function pushToken(ws: UsersExportWorkspace, token: Record<string, unknown>): Record<string, unknown> {
  const app = typeof token['app_id'] === 'string' ? token['app_id'] : undefined;
  const platform = app === undefined ? undefined : ws.platformOf(app);
  const exportedToken: Record<string, unknown> = {};
  if (app !== undefined) exportedToken['app'] = app;
  if (platform !== undefined) exportedToken['platform'] = platform;
  exportedToken['token'] = token['token'];
  if (typeof token['device_id'] === 'string') exportedToken['device_id'] = token['device_id'];
  exportedToken['notifications_enabled'] = true;
  return exportedToken;
}

/** The 32-bit FNV-1a hash of a string's UTF-16 code units (endpoints spec 11's `random_bucket`). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

interface Received {
  campaigns: { name: string; api_campaign_id: string; last_received: string; engaged: Record<string, never>; converted: false }[];
  canvases: { name: string; api_canvas_id: string; last_received_message: string; last_entered: string; steps_received: never[] }[];
}

/**
 * The campaigns and canvases of the profile's recorded messages (those the retention kept), newest
 * send of each, with those of the profiles merged into it (endpoints spec 6.3: "F's message history
 * becomes K's").
 */
async function receivedBy(ws: UsersExportWorkspace, profile: ProfileRecord): Promise<Received> {
  const campaigns = new Map<string, string>();
  const canvases = new Map<string, string>();
  const identities = [{ braze_id: profile.braze_id, external_id: profile.external_id }, ...(profile.merged_profiles ?? [])];
  const brazeIds = new Set(identities.map((identity) => identity.braze_id));
  const note = (message: MessageRecord): void => {
    if (!brazeIds.has(message.recipient.braze_id)) return;
    if (message.campaign_id !== undefined) campaigns.set(message.campaign_id, latest(campaigns.get(message.campaign_id), message.sent_at));
    if (message.canvas_id !== undefined) canvases.set(message.canvas_id, latest(canvases.get(message.canvas_id), message.sent_at));
  };
  // By external id through its index; when one of the profiles has none, by braze_id over every message kept (once).
  const filters = identities.every((identity) => identity.external_id !== undefined) ? identities.map((identity) => ({ external_user_id: identity.external_id })) : [{}];
  for (const filter of filters) {
    let after: string | undefined;
    for (;;) {
      const page = await ws.store.listMessages(ws.name, { ...filter, after, limit: MESSAGE_PAGE });
      page.messages.forEach(note);
      const last = page.messages.at(-1);
      if (!page.more || last === undefined) break;
      after = last.id;
    }
  }
  return {
    campaigns: [...campaigns].map(([id, at]) => ({ name: ws.campaigns.get(id)?.name ?? id, api_campaign_id: id, last_received: at, engaged: {}, converted: false })),
    canvases: [...canvases].map(([id, at]) => ({ name: ws.canvases.get(id)?.name ?? id, api_canvas_id: id, last_received_message: at, last_entered: at, steps_received: [] })),
  };
}

function latest(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}
