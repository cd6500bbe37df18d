import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';
import { userAliasSchema } from './user-alias.schema';

/** Every field `/users/export/ids` can return (endpoints spec 11), in the order a user object lists them. */
export const EXPORT_FIELDS = [
  'external_id',
  'braze_id',
  'user_aliases',
  'created_at',
  'first_name',
  'last_name',
  'email',
  'phone',
  'dob',
  'gender',
  'country',
  'language',
  'home_city',
  'time_zone',
  'email_subscribe',
  'push_subscribe',
  'custom_attributes',
  'custom_events',
  'purchases',
  'push_tokens',
  'total_revenue',
  'random_bucket',
  'campaigns_received',
  'canvases_received',
  'apps',
  'devices',
  'cards_clicked',
  'attributed_campaign',
  'attributed_source',
  'attributed_adgroup',
  'attributed_ad',
  'last_coordinates',
  'uninstalled_at',
] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

/** The identifiers that must come alone (Braze: "only one of these identifiers can be included per request"). */
export const EXCLUSIVE_EXPORT_IDENTIFIERS = ['device_id', 'email_address', 'phone'] as const;
const ALL_IDENTIFIERS = ['external_ids', 'user_aliases', 'braze_id', ...EXCLUSIVE_EXPORT_IDENTIFIERS] as const;

/** At most 50 `external_ids` and `user_aliases` together (endpoints spec 11). */
export const MAX_EXPORT_IDS = 50;

type ExportFields = Partial<Record<(typeof ALL_IDENTIFIERS)[number], unknown>>;

function present(body: ExportFields, key: (typeof ALL_IDENTIFIERS)[number]): boolean {
  const value = body[key];
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

function checkIdentifiers(body: ExportFields, ctx: z.core.$RefinementCtx): void {
  const given = ALL_IDENTIFIERS.filter((key) => present(body, key));
  if (given.length === 0) {
    ctx.addIssue({ code: 'custom', message: `one of ${ALL_IDENTIFIERS.join(', ')} is required`, params: { code: 'export_identifier_required' } });
    return;
  }
  const exclusive = given.filter((key) => (EXCLUSIVE_EXPORT_IDENTIFIERS as readonly string[]).includes(key));
  if (exclusive.length > 0 && given.length > 1) {
    ctx.addIssue({ code: 'custom', message: `cannot be combined with ${given.filter((key) => key !== exclusive[0]).join(', ')}`, path: [exclusive[0] as string], params: { code: 'export_identifier_exclusive' } });
  }
  const listed = (Array.isArray(body.external_ids) ? body.external_ids.length : 0) + (Array.isArray(body.user_aliases) ? body.user_aliases.length : 0);
  if (listed > MAX_EXPORT_IDS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_EXPORT_IDS} external_ids and user_aliases in all; got ${listed}`, path: ['external_ids'], params: { code: 'export_too_many_ids' } });
  }
}

const fieldNameSchema = z.enum(EXPORT_FIELDS, { error: (issue) => (issue.code === 'invalid_value' ? 'unknown field' : undefined) });

/**
 * `POST /users/export/ids` body (endpoints spec 11). Whether `fields_to_export` is required is the
 * workspace's setting (`export_fields_required`), checked by the validator.
 *
 * @example
 * usersExportIdsSchema.parse({ external_ids: ['u-1'], fields_to_export: ['email', 'custom_attributes'] });
 */
export const usersExportIdsSchema = z
  .object({
    external_ids: z.array(z.string().min(1)).optional(),
    user_aliases: z.array(userAliasSchema).optional(),
    braze_id: z.string().min(1).optional(),
    device_id: z.string().min(1).optional(),
    email_address: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    fields_to_export: z.array(fieldNameSchema).optional(),
  })
  .superRefine(checkIdentifiers, WHEN_OBJECT)
  .meta({ id: 'UsersExportIdsRequest' });

export type UsersExportIdsRequest = z.output<typeof usersExportIdsSchema>;
export type UsersExportIdsRequestInput = z.input<typeof usersExportIdsSchema>;

const counterSchema = z.object({ name: z.string(), first: z.string(), last: z.string(), count: z.number() });

/** One exported user: only the fields asked for (all without `fields_to_export`) that have a value. */
export const exportedUserSchema = z
  .object({
    external_id: z.string().optional(),
    braze_id: z.string().optional(),
    user_aliases: z.array(userAliasSchema).optional(),
    created_at: z.string().optional(),
    custom_attributes: z.record(z.string(), z.unknown()).optional(),
    custom_events: z.array(counterSchema).optional(),
    purchases: z.array(counterSchema).optional(),
    push_tokens: z.array(z.object({ app: z.string().optional(), platform: z.string().optional(), token: z.string(), device_id: z.string().optional(), notifications_enabled: z.boolean() })).optional(),
    total_revenue: z.number().optional(),
    random_bucket: z.number().int().optional(),
    campaigns_received: z.array(z.object({ name: z.string(), api_campaign_id: z.string(), last_received: z.string(), engaged: z.object({}).loose(), converted: z.boolean() })).optional(),
    canvases_received: z
      .array(z.object({ name: z.string(), api_canvas_id: z.string(), last_received_message: z.string(), last_entered: z.string(), steps_received: z.array(z.unknown()) }))
      .optional(),
  })
  .loose();

/** `201` of `/users/export/ids`: the users found, in identifier order, and the identifiers that matched nobody. */
export const usersExportIdsResponseSchema = z
  .object({ message: z.string(), users: z.array(exportedUserSchema), invalid_user_ids: z.array(z.string()).optional() })
  .loose()
  .meta({ id: 'UsersExportIdsResponse' });
export type ExportedUser = z.output<typeof exportedUserSchema>;
export type UsersExportIdsResponse = z.output<typeof usersExportIdsResponseSchema>;
