import { z } from 'zod';
import { MESSAGE_KEYS } from './messages-send.schema';
import { PRIORITIZATIONS } from './recipient.schema';
import { jsonObjectSchema } from './json-object.schema';
import { CHANNELS } from './mock-config.schema';
import { userAliasSchema } from './user-alias.schema';
import { USERS_TRACK_ARRAYS } from './users-track.schema';

/** `201` of both trigger endpoints (spec 3.5, 4): broadcasts carry `send_id`; an inactive canvas carries `notice`. */
export const triggerSendResponseSchema = z
  .object({
    dispatch_id: z.string(),
    message: z.string(),
    send_id: z.string().optional(),
    notice: z.string().optional(),
  })
  .meta({ id: 'TriggerSendResponse' });

/** Every error body: `{message, errors?}` with path-prefixed `errors` (spec 3.2). */
export const errorResponseSchema = z
  .object({ message: z.string(), errors: z.array(z.string()).optional() })
  .meta({ id: 'ErrorResponse' });

/** A non-fatal `/users/track` item problem (spec 8). */
export const usersTrackItemErrorSchema = z.object({
  type: z.string(),
  input_array: z.enum(USERS_TRACK_ARRAYS),
  index: z.number().int().min(0),
});

/** `201` of `/users/track`: counts only for the arrays present (spec 8). */
export const usersTrackResponseSchema = z
  .object({
    message: z.string(),
    attributes_processed: z.number().int().min(0).optional(),
    events_processed: z.number().int().min(0).optional(),
    purchases_processed: z.number().int().min(0).optional(),
    errors: z.array(usersTrackItemErrorSchema).optional(),
  })
  .meta({ id: 'UsersTrackResponse' });

/** `201` of `/sends/id/create` (spec 8b). */
export const sendsIdCreateResponseSchema = z.object({ message: z.string(), send_id: z.string() }).meta({ id: 'SendsIdCreateResponse' });

/** Why a recipient got nothing (spec 9). */
export const SKIP_REASONS = [
  'duplicate',
  'user_not_found',
  'not_in_segment',
  'not_in_audience',
  'no_email',
  'no_phone',
  'no_push_token',
  'unsubscribed',
  'render_error',
  'aborted',
  'canvas_inactive',
  // endpoints spec 14.6
  'not_opted_in',
  'not_in_subscription_group',
  'payload_too_large',
  'local_time_passed',
  'campaign_inactive',
  'canceled',
] as const;
/** Which endpoint a message came from (endpoints spec 14.6). */
export const MESSAGE_SOURCES = ['trigger', 'messages_send', 'schedule', 'transactional'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];
export const DISPATCH_OUTCOMES = ['sent', 'skipped'] as const;
export type DispatchOutcome = (typeof DISPATCH_OUTCOMES)[number];

/** A recipient's identifier as it was sent (or, for a broadcast, `{external_user_id}` else `{braze_id}`). */
export const dispatchIdentifierSchema = z.object({
  external_user_id: z.string().optional(),
  user_alias: userAliasSchema.optional(),
  braze_id: z.string().optional(),
  email: z.string().optional(),
  prioritization: z.array(z.enum(PRIORITIZATIONS)).optional(),
});

/** A recorded message (`GET /_mock/messages`, spec 9). */
export const messageRecordSchema = z.object({
  id: z.string(),
  dispatch_id: z.string(),
  send_id: z.string().optional(),
  campaign_id: z.string().optional(),
  canvas_id: z.string().optional(),
  /** The endpoint it came from; records written before this field existed read as `trigger`. */
  source: z.enum(MESSAGE_SOURCES).default('trigger'),
  /** `source: "schedule"`: the schedule that sent it. */
  schedule_id: z.string().optional(),
  /** `source: "transactional"`: the request's `external_send_id`. */
  external_send_id: z.string().optional(),
  channel: z.enum(CHANNELS),
  /** Push messages: the platform the tokens are of (`ios`, `android`). */
  platform: z.string().optional(),
  recipient: z.object({
    external_user_id: z.string().optional(),
    user_alias: userAliasSchema.optional(),
    braze_id: z.string(),
    /** The email, phone or push token the message went to, as the profile held it when it was sent. */
    address: z.string().optional(),
  }),
  /**
   * The rendered message: every field is a string for the trigger endpoints; a `/messages/send`
   * message keeps its object's other fields as given (`extras`, an Apple `alert` object, push `tokens`).
   */
  content: z.record(z.string(), z.unknown()),
  trigger_properties: jsonObjectSchema,
  attachments: z.array(z.object({ file_name: z.string(), url: z.string() })).optional(),
  sent_at: z.string(),
});
/**
 * A page of `GET /_mock/messages`: oldest first by default. `next_after` (oldest first) or
 * `next_before` (newest first) is present when more messages match: pass it back as `after` /
 * `before` for the next page.
 */
export const messagesResponseSchema = z
  .object({ messages: z.array(messageRecordSchema), next_after: z.string().optional(), next_before: z.string().optional() })
  .meta({ id: 'MessagesResponse' });

/** One recipient's fate in a dispatch (spec 9). */
export const dispatchRecipientSchema = z.object({
  index: z.number().int().min(0),
  identifier: dispatchIdentifierSchema,
  outcome: z.enum(DISPATCH_OUTCOMES),
  reason: z.enum(SKIP_REASONS).optional(),
  created: z.boolean(),
  message_id: z.string().optional(),
  /** `/messages/send`: the message object this entry is about (each target has one entry per object). */
  message_type: z.enum(MESSAGE_KEYS).optional(),
  /** `reason: "aborted"`: the reason the template gave to `abort_message`, when it gave one. */
  abort_message: z.string().optional(),
  /** Rev 2: attributes given but not applied (a canvas trigger's `subscription_groups`). */
  ignored: z.array(z.string()).optional(),
  /** Rev 2: paths of invalid nested values; every nested custom attribute update of the recipient was dropped, the rest applied. */
  dropped: z.array(z.string()).optional(),
});

/** `GET /_mock/dispatches/{dispatch_id}` (spec 9). */
export const dispatchRecordSchema = z
  .object({
    dispatch_id: z.string(),
    campaign_id: z.string().optional(),
    canvas_id: z.string().optional(),
    /** Endpoints spec 14.2: a schedule's dispatch exists from its creation. */
    schedule_id: z.string().optional(),
    recipients: z.array(dispatchRecipientSchema),
  })
  .meta({ id: 'DispatchRecord' });

/** `GET /_mock/users/{external_id}` (spec 9): standard and custom attributes in one flat object. */
export const userViewSchema = z
  .object({
    external_id: z.string(),
    braze_id: z.string(),
    user_aliases: z.array(userAliasSchema),
    attributes: jsonObjectSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'UserView' });

/** One journaled Braze request (`GET /_mock/requests`, spec 9); `body` never holds `api_key`. */
export const requestJournalEntrySchema = z.object({
  id: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  received_at: z.string(),
  duration_ms: z.number().min(0),
  /** The parsed body; when it was larger than the journal keeps, the start of its JSON text as a string, with `body_truncated`. */
  body: z.unknown(),
  body_truncated: z.literal(true).optional(),
  /** The size of the whole body's JSON text (UTF-8 bytes), given with `body_truncated`. */
  body_bytes: z.number().int().min(0).optional(),
});
/** A page of `GET /_mock/requests`, oldest first by default; `next_after` / `next_before` as for messages. */
export const requestsResponseSchema = z
  .object({ requests: z.array(requestJournalEntrySchema), next_after: z.string().optional(), next_before: z.string().optional() })
  .meta({ id: 'RequestsResponse' });

/** `GET /_mock/health` (spec 13). */
export const healthResponseSchema = z.object({ status: z.literal('ok') });

export type TriggerSendResponse = z.output<typeof triggerSendResponseSchema>;
export type ErrorResponse = z.output<typeof errorResponseSchema>;
export type UsersTrackItemError = z.output<typeof usersTrackItemErrorSchema>;
export type UsersTrackResponse = z.output<typeof usersTrackResponseSchema>;
export type SendsIdCreateResponse = z.output<typeof sendsIdCreateResponseSchema>;
export type DispatchIdentifier = z.output<typeof dispatchIdentifierSchema>;
export type MessageRecord = z.output<typeof messageRecordSchema>;
export type MessagesResponse = z.output<typeof messagesResponseSchema>;
export type DispatchRecipient = z.output<typeof dispatchRecipientSchema>;
export type DispatchRecord = z.output<typeof dispatchRecordSchema>;
export type UserView = z.output<typeof userViewSchema>;
export type RequestJournalEntry = z.output<typeof requestJournalEntrySchema>;
export type RequestsResponse = z.output<typeof requestsResponseSchema>;
export type HealthResponse = z.output<typeof healthResponseSchema>;
