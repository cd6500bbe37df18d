import { z } from 'zod';
import { attributesObjectSchema } from './attributes.schema';
import { isIanaTimeZone } from './standard-attributes.schema';
import { isIso8601 } from './iso-time.schema';
import { BRAZE_ENDPOINT_PATHS } from './braze-endpoints.schema';
import { audienceExpressionSchema } from './audience.schema';
import { PARSE_OPTIONS } from './issue-messages.schema';
import { WHEN_OBJECT } from './json-object.schema';
import { userAliasSchema } from './user-alias.schema';
import { USERS_TRACK_BATCH_MODES } from './users-track.schema';

/** Permissions an API key can carry (spec 2, 9; endpoints spec 1). */
export const PERMISSIONS = [
  'campaigns.trigger.send',
  'canvas.trigger.send',
  'users.track',
  'sends.id.create',
  'messages.send',
  'transactional.send',
  'campaigns.trigger.schedule.create',
  'campaigns.trigger.schedule.update',
  'campaigns.trigger.schedule.delete',
  'canvas.trigger.schedule.create',
  'canvas.trigger.schedule.update',
  'canvas.trigger.schedule.delete',
  'messages.schedule_broadcasts',
  'users.identify',
  'users.alias.new',
  'users.alias.update',
  'users.delete',
  'users.merge',
  'users.export.ids',
  'subscription.status.set',
  'subscription.status.get',
  'subscription.groups.get',
  'mock.inspect',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const CHANNELS = ['email', 'push', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DELIVERY_STATUSES = ['active', 'paused', 'archived'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/**
 * Rate-limit classes (spec 5, endpoints spec 13). A request counts against one class; a broadcast or
 * audience request also against `broadcast_per_audience`, whose windows are per unique audience (Rev 2).
 */
export const RATE_LIMIT_CLASSES = [
  'trigger',
  'broadcast',
  'users_track',
  'send_ids',
  'broadcast_per_audience',
  'default',
  'user_data',
  'users_export_ids',
  'users_export_ids_fast',
  'subscription_set',
] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

/** Spec 5's and endpoints spec 13's defaults (Braze's). */
export const DEFAULT_RATE_LIMITS = {
  trigger: { limit: 250_000, window_seconds: 3_600 },
  broadcast: { limit: 250, window_seconds: 60 },
  users_track: { limit: 3_000, window_seconds: 3 },
  send_ids: { limit: 100, window_seconds: 86_400 },
  broadcast_per_audience: { limit: 10, window_seconds: 60 },
  default: { limit: 250_000, window_seconds: 3_600 },
  user_data: { limit: 20_000, window_seconds: 60 },
  users_export_ids: { limit: 250, window_seconds: 60 },
  users_export_ids_fast: { limit: 40, window_seconds: 1 },
  subscription_set: { limit: 5_000, window_seconds: 60 },
} as const satisfies Record<RateLimitClass, { limit: number; window_seconds: number }>;

export const apiKeyConfigSchema = z.strictObject({
  key: z.string().min(1),
  permissions: z.array(z.enum(PERMISSIONS)),
});

export const rateLimitSchema = z.strictObject({
  limit: z.number().int().min(0),
  window_seconds: z.number().int().min(1),
});

const rateLimitClass = (name: RateLimitClass) => rateLimitSchema.default({ ...DEFAULT_RATE_LIMITS[name] });

export const rateLimitsConfigSchema = z
  .strictObject({
    trigger: rateLimitClass('trigger'),
    broadcast: rateLimitClass('broadcast'),
    users_track: rateLimitClass('users_track'),
    send_ids: rateLimitClass('send_ids'),
    broadcast_per_audience: rateLimitClass('broadcast_per_audience'),
    default: rateLimitClass('default'),
    user_data: rateLimitClass('user_data'),
    users_export_ids: rateLimitClass('users_export_ids'),
    users_export_ids_fast: rateLimitClass('users_export_ids_fast'),
    subscription_set: rateLimitClass('subscription_set'),
  })
  .prefault({});

/** Message template fields per channel (spec 13). */
export const emailMessageSchema = z.strictObject({ subject: z.string(), body: z.string() });
export const pushMessageSchema = z.strictObject({ title: z.string(), body: z.string() });
export const smsMessageSchema = z.strictObject({ body: z.string() });

/** Campaign types (endpoints spec 15): `api_triggered` serves TS §3 and §5 schedules, `api` only `/messages/send`, `transactional` only transactional email. */
export const CAMPAIGN_TYPES = ['api_triggered', 'api', 'transactional'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

const definitionBase = {
  id: z.string().min(1),
  status: z.enum(DELIVERY_STATUSES).default('active'),
  segment: audienceExpressionSchema.optional(),
  /** Shown by `GET /messages/scheduled_broadcasts` (default: the id). */
  name: z.string().min(1).optional(),
  tags: z.array(z.string()).optional(),
  /** Endpoints spec 12, 15: recipients also need `subscribed` in this group, else skipped `not_in_subscription_group`. */
  subscription_group_id: z.string().min(1).optional(),
};

/** Campaign-only fields of a campaign with a message (endpoints spec 15). */
const messageCampaignFields = {
  type: z.enum(['api_triggered', 'transactional']).default('api_triggered'),
};

function deliveryDefinitionSchema<I extends z.ZodType, F extends z.core.$ZodLooseShape>(id: I, extra: F) {
  // Without a known channel the union stops at `channel`; the fields every channel shares are
  // checked here too, so one run lists every problem of the entry.
  const sharedFields = z.object({ ...definitionBase, ...extra, id, message: z.looseObject({}) });
  return z
    .discriminatedUnion('channel', [
      z.strictObject({ ...definitionBase, ...extra, id, channel: z.literal('email'), message: emailMessageSchema }),
      z.strictObject({ ...definitionBase, ...extra, id, channel: z.literal('push'), message: pushMessageSchema }),
      z.strictObject({ ...definitionBase, ...extra, id, channel: z.literal('sms'), message: smsMessageSchema }),
    ])
    .superRefine((entry, ctx) => {
      const { channel, type } = entry as { channel?: unknown; type?: unknown };
      if (type === 'transactional' && channel !== 'email' && (CHANNELS as readonly unknown[]).includes(channel)) {
        ctx.addIssue({ code: 'custom', message: 'must be "email" for a transactional campaign', path: ['channel'] });
      }
      if ((CHANNELS as readonly unknown[]).includes(channel)) return;
      const shared = sharedFields.safeParse(entry, PARSE_OPTIONS);
      if (!shared.success) for (const issue of shared.error.issues) ctx.addIssue({ ...issue, input: undefined } as z.core.$ZodRawIssue);
    }, WHEN_OBJECT);
}

/** A campaign of type `api`: only an id to track `/messages/send` stats under (no channel, no message). */
function apiCampaignSchema<I extends z.ZodType>(id: I) {
  return z.strictObject({ id, type: z.literal('api'), status: definitionBase.status, name: definitionBase.name, tags: definitionBase.tags });
}

function campaignSchema<I extends z.ZodType>(id: I) {
  return z.discriminatedUnion('type', [apiCampaignSchema(id), deliveryDefinitionSchema(id, messageCampaignFields)]);
}

/**
 * A campaign of the mock server: `type` (default `api_triggered`), status, and for the types with
 * a message its channel, optional segment (audience grammar, standard names allowed) and message.
 */
export const campaignDefinitionSchema = campaignSchema(z.string().min(1));
/** A canvas of the mock server: channel, status, optional segment and message. */
export const canvasDefinitionSchema = deliveryDefinitionSchema(z.string().min(1), {});
/** Body of `PUT /_mock/canvases/{id}`: one config entry, `id` taken from the path. */
export const deliveryDefinitionBodySchema = deliveryDefinitionSchema(z.string().min(1).optional(), {});
/** Body of `PUT /_mock/campaigns/{id}`: one config entry, `id` taken from the path. */
export const campaignDefinitionBodySchema = campaignSchema(z.string().min(1).optional());
export type DeliveryDefinitionBody = z.output<typeof deliveryDefinitionBodySchema>;
export type DeliveryDefinitionBodyInput = z.input<typeof deliveryDefinitionBodySchema>;
export type CampaignDefinitionBody = z.output<typeof campaignDefinitionBodySchema>;
export type CampaignDefinitionBodyInput = z.input<typeof campaignDefinitionBodySchema>;

export const seedUserSchema = z
  .strictObject({
    external_id: z.string().min(1).optional(),
    braze_id: z.string().min(1).optional(),
    user_aliases: z.array(userAliasSchema).default([]),
    attributes: attributesObjectSchema.default({}),
  })
  .superRefine((user, ctx) => {
    const aliases = user.user_aliases;
    if (user.external_id === undefined && user.braze_id === undefined && !(Array.isArray(aliases) && aliases.length > 0)) {
      ctx.addIssue({ code: 'custom', message: 'needs an external_id, a braze_id or a user alias' });
    }
  }, WHEN_OBJECT);

/** The longest wait a Node timer honours; a longer one fires at once, which would hide the race instead of reproducing it. */
export const MAX_USERS_TRACK_DELAY_MS = 2_147_483_647;
const delayMsSchema = z.number().min(0).max(MAX_USERS_TRACK_DELAY_MS);

export const usersTrackDelaySchema = z.union(
  [
    delayMsSchema,
    z
      .tuple([delayMsSchema, delayMsSchema])
      .refine(([min, max]) => min <= max, { error: 'must be [min, max] with min <= max' }),
  ],
  { error: (issue) => (issue.input === undefined ? 'required' : 'must be a number of milliseconds or a [min, max] range') },
);

/** Duplicates reported per list: enough to see the pattern, and bounded, since the whole file's issues are gathered at once. */
const MAX_DUPLICATES_REPORTED = 1_000;

/** Every occurrence of an id after its first, in one pass. */
function reportDuplicates(list: unknown, field: string, listName: string, ctx: z.core.$RefinementCtx): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<string>();
  let reported = 0;
  list.forEach((entry: unknown, index) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined;
    if (typeof id !== 'string') return;
    if (!seen.has(id)) {
      seen.add(id);
      return;
    }
    if (reported++ < MAX_DUPLICATES_REPORTED) ctx.addIssue({ code: 'custom', message: `duplicate ${field} ${JSON.stringify(id)}`, path: [listName, index, field] });
  });
}

/** Two seed users with the same alias would be stored as one profile, so the second is reported. */
function reportDuplicateAliases(users: unknown, ctx: z.core.$RefinementCtx): void {
  if (!Array.isArray(users)) return;
  const seen = new Set<string>();
  users.forEach((user: unknown, u) => {
    const aliases = typeof user === 'object' && user !== null ? (user as { user_aliases?: unknown }).user_aliases : undefined;
    if (!Array.isArray(aliases)) return;
    aliases.forEach((alias: unknown, a) => {
      const { alias_name: name, alias_label: label } = (typeof alias === 'object' && alias !== null ? alias : {}) as { alias_name?: unknown; alias_label?: unknown };
      if (typeof name !== 'string' || typeof label !== 'string') return;
      const key = JSON.stringify([name, label]);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate user alias ${JSON.stringify(name)} with label ${JSON.stringify(label)}`, path: ['users', u, 'user_aliases', a] });
      seen.add(key);
    });
  });
}

/** Default start of a manual mock clock (endpoints spec 2). */
export const DEFAULT_MANUAL_CLOCK_START = '2026-01-01T00:00:00.000Z';

/** An ISO-8601 date-time with a designator (`Z` or an offset): one instant wherever it is read. */
export function isIsoInstant(value: string): boolean {
  return isIso8601(value) && /T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value);
}

/**
 * The workspace's mock clock (endpoints spec 2): `system` (now = system time + `offset_ms`, never
 * moving backwards) or `manual` (starts at `start`, moves only by `POST /_mock/clock/advance`).
 */
export const mockClockConfigSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('system') }),
    z.strictObject({
      mode: z.literal('manual'),
      start: z.string().refine(isIsoInstant, { error: 'must be an ISO-8601 date-time with a time zone designator' }).default(DEFAULT_MANUAL_CLOCK_START),
    }),
  ])
  .default({ mode: 'system' });

/** An IANA time zone name, checked with `Intl` (endpoints spec 15). */
export const ianaTimeZoneSchema = z.string().refine(isIanaTimeZone, { error: 'must be an IANA time zone name' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An `http:` or `https:` URL (endpoints spec 14.7, 15). */
export const postbackUrlSchema = z.string().refine(isHttpUrl, { error: 'must be an http: or https: URL' });

/** `PUT /_mock/settings` (endpoints spec 14.7): `null` stops postbacks. */
export const mockSettingsSchema = z.strictObject({ transactional_postback_url: postbackUrlSchema.nullable() }).meta({ id: 'MockSettings' });
export type MockSettings = z.output<typeof mockSettingsSchema>;

/** Endpoints spec 15: an app of the workspace; only gives push tokens of that `app_id` a platform. */
export const APP_PLATFORMS = ['ios', 'android'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];
export const appConfigSchema = z.strictObject({ id: z.string().min(1), platform: z.enum(APP_PLATFORMS) });

/** Endpoints spec 15: a segment `/messages/send` may name by `segment_id`; its filter is a campaign segment (standard attributes allowed). */
export const segmentConfigSchema = z.strictObject({ id: z.string().min(1), name: z.string().min(1).optional(), filter: audienceExpressionSchema });

/** Endpoints spec 12, 15: a subscription group of the workspace. */
export const SUBSCRIPTION_GROUP_CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type SubscriptionGroupChannel = (typeof SUBSCRIPTION_GROUP_CHANNELS)[number];
export const subscriptionGroupConfigSchema = z.strictObject({ id: z.string().min(1), channel: z.enum(SUBSCRIPTION_GROUP_CHANNELS), name: z.string().min(1).optional() });

export const workspaceConfigSchema = z
  .strictObject({
    name: z.string().min(1),
    api_keys: z.array(apiKeyConfigSchema).min(1),
    users_track_delay_ms: usersTrackDelaySchema.default(0),
    random_seed: z.number().int().default(1),
    rate_limits: rateLimitsConfigSchema,
    /** Rev 2: `combined` counts Braze's 75 objects across the three `/users/track` arrays; `per_array` is the legacy limit. */
    users_track_batch: z.enum(USERS_TRACK_BATCH_MODES).default('combined'),
    /** Endpoints spec 15: the zone of profiles without a `time_zone`, and of `next_send_time`. */
    time_zone: ianaTimeZoneSchema.default('UTC'),
    clock: mockClockConfigSchema,
    /** Endpoints spec 5.1: the hour (0–23, recipient's zone) of `at_optimal_time` moments. */
    optimal_send_hour: z.number().int().min(0).max(23).default(12),
    /** Endpoints spec 4.4: where transactional sends' postbacks are POSTed (none when absent). */
    transactional_postback_url: postbackUrlSchema.optional(),
    /** Endpoints spec 11: whether `/users/export/ids` needs `fields_to_export` (Braze's default for workspaces since 2024-08-22). */
    export_fields_required: z.boolean().default(true),
    apps: z.array(appConfigSchema).default([]),
    segments: z.array(segmentConfigSchema).default([]),
    subscription_groups: z.array(subscriptionGroupConfigSchema).default([]),
    campaigns: z.array(campaignDefinitionSchema).default([]),
    canvases: z.array(canvasDefinitionSchema).default([]),
    users: z.array(seedUserSchema).default([]),
  })
  .superRefine((workspace, ctx) => {
    reportDuplicates(workspace.apps, 'id', 'apps', ctx);
    reportDuplicates(workspace.segments, 'id', 'segments', ctx);
    reportDuplicates(workspace.subscription_groups, 'id', 'subscription_groups', ctx);
    reportDuplicates(workspace.campaigns, 'id', 'campaigns', ctx);
    reportDuplicates(workspace.canvases, 'id', 'canvases', ctx);
    reportDuplicates(workspace.users, 'external_id', 'users', ctx);
    reportDuplicates(workspace.users, 'braze_id', 'users', ctx);
    reportDuplicateAliases(workspace.users, ctx);
    reportUnknownGroups(workspace, ctx);
  }, WHEN_OBJECT);

/** Endpoints spec 15: a campaign's or canvas's `subscription_group_id` names a configured group. */
function reportUnknownGroups(workspace: { subscription_groups?: unknown; campaigns?: unknown; canvases?: unknown }, ctx: z.core.$RefinementCtx): void {
  const ids = new Set(Array.isArray(workspace.subscription_groups) ? workspace.subscription_groups.map((group: unknown) => (typeof group === 'object' && group !== null ? (group as { id?: unknown }).id : undefined)) : []);
  for (const list of ['campaigns', 'canvases'] as const) {
    const entries: unknown = workspace[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      const group = typeof entry === 'object' && entry !== null ? (entry as { subscription_group_id?: unknown }).subscription_group_id : undefined;
      if (typeof group === 'string' && !ids.has(group)) ctx.addIssue({ code: 'custom', message: `no subscription group ${JSON.stringify(group)} in this workspace's subscription_groups`, path: [list, index, 'subscription_group_id'] });
    });
  }
}

function checkUniqueAcrossWorkspaces(config: { workspaces?: unknown }, ctx: z.core.$RefinementCtx): void {
  const workspaces = Array.isArray(config.workspaces) ? (config.workspaces as unknown[]) : [];
  reportDuplicates(workspaces, 'name', 'workspaces', ctx);
  const seenKeys = new Set<unknown>();
  workspaces.forEach((workspace, w) => {
    const keys = typeof workspace === 'object' && workspace !== null ? (workspace as { api_keys?: unknown }).api_keys : undefined;
    if (!Array.isArray(keys)) return;
    keys.forEach((entry: unknown, k) => {
      const key = typeof entry === 'object' && entry !== null ? (entry as { key?: unknown }).key : undefined;
      if (typeof key !== 'string') return;
      if (seenKeys.has(key)) ctx.addIssue({ code: 'custom', message: 'an API key belongs to exactly one workspace; this key is used twice', path: ['workspaces', w, 'api_keys', k, 'key'] });
      seenKeys.add(key);
    });
  });
}

/**
 * The mock server's configuration file (spec 13), every default applied in the output.
 *
 * @example
 * mockServerConfigSchema.parse({ workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] }] });
 */
export const mockServerConfigSchema = z
  .strictObject({
    /** Lets editors validate the file against the generated JSON Schema. */
    $schema: z.string().optional(),
    workspaces: z.array(workspaceConfigSchema).min(1),
  })
  .superRefine(checkUniqueAcrossWorkspaces, WHEN_OBJECT)
  .meta({ id: 'MockServerConfig' });

/** `PUT /_mock/faults` body (spec 9). */
export const faultsConfigSchema = z.object({
  status: z.literal([429, 500, 502, 503, 504]).optional(),
  latency_ms: z.number().min(0).optional(),
  drop_connection: z.boolean().optional(),
  count: z.number().int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  paths: z.array(z.enum(BRAZE_ENDPOINT_PATHS)).optional(),
});

export type MockClockConfig = z.output<typeof mockClockConfigSchema>;
export type MockClockConfigInput = z.input<typeof mockClockConfigSchema>;
export type ApiKeyConfig = z.output<typeof apiKeyConfigSchema>;
export type RateLimit = z.output<typeof rateLimitSchema>;
export type RateLimitsConfig = z.output<typeof rateLimitsConfigSchema>;
export type CampaignDefinition = z.output<typeof campaignDefinitionSchema>;
export type CampaignDefinitionInput = z.input<typeof campaignDefinitionSchema>;
export type CanvasDefinition = z.output<typeof canvasDefinitionSchema>;
export type CanvasDefinitionInput = z.input<typeof canvasDefinitionSchema>;
/** A campaign of type `api` (no message). */
export type ApiCampaignDefinition = Extract<CampaignDefinition, { type: 'api' }>;
/** A campaign with a channel and a message (`api_triggered` or `transactional`). */
export type MessageCampaignDefinition = Exclude<CampaignDefinition, { type: 'api' }>;
export type DeliveryDefinition = CampaignDefinition | CanvasDefinition;
/** A definition with a channel and a message: every canvas, and campaigns not of type `api`. */
export type MessageDefinition = MessageCampaignDefinition | CanvasDefinition;
export type DeliveryMessage = CanvasDefinition['message'];
export type AppConfig = z.output<typeof appConfigSchema>;
export type SegmentConfig = z.output<typeof segmentConfigSchema>;
export type SubscriptionGroupConfig = z.output<typeof subscriptionGroupConfigSchema>;
export type SeedUser = z.output<typeof seedUserSchema>;
export type SeedUserInput = z.input<typeof seedUserSchema>;
export type UsersTrackDelay = z.output<typeof usersTrackDelaySchema>;
export type WorkspaceConfig = z.output<typeof workspaceConfigSchema>;
export type WorkspaceConfigInput = z.input<typeof workspaceConfigSchema>;
export type MockServerConfig = z.output<typeof mockServerConfigSchema>;
export type MockServerConfigInput = z.input<typeof mockServerConfigSchema>;
export type FaultsConfig = z.output<typeof faultsConfigSchema>;
export type FaultsConfigInput = z.input<typeof faultsConfigSchema>;
