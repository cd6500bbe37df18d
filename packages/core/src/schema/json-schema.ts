import { z } from 'zod';
import { attributesObjectSchema, MAX_ATTRIBUTE_KEY_LENGTH, MAX_CUSTOM_STRING_LENGTH } from './attributes.schema';
import { audienceExpressionSchema, audienceFilterSchema } from './audience.schema';
import { campaignTriggerSendSchema } from './campaign-trigger-send.schema';
import { canvasTriggerSendSchema } from './canvas-trigger-send.schema';
import { mockServerConfigSchema } from './mock-config.schema';
import { errorResponseSchema, sendsIdCreateResponseSchema, triggerSendResponseSchema, usersTrackResponseSchema } from './responses.schema';
import { sendsIdCreateSchema } from './sends-id-create.schema';
import { transactionalSendBodySchema, transactionalSendResponseSchema } from './transactional-send.schema';
import { messagesSendResponseSchema, messagesSendSchema } from './messages-send.schema';
import { usersExportIdsResponseSchema, usersExportIdsSchema } from './users-export.schema';
import { aliasesProcessedResponseSchema, successResponseSchema, usersAliasNewSchema, usersAliasUpdateSchema, usersDeleteResponseSchema, usersDeleteSchema, usersIdentifySchema, usersMergeSchema } from './user-lifecycle.schema';
import { subscriptionStatusResponseSchema, subscriptionStatusSetSchema, subscriptionStatusSetV2Schema, userSubscriptionsResponseSchema } from './subscription-set.schema';
import {
  campaignScheduleCreateSchema,
  campaignScheduleDeleteSchema,
  campaignScheduleUpdateSchema,
  canvasScheduleCreateSchema,
  canvasScheduleDeleteSchema,
  canvasScheduleUpdateSchema,
  scheduleChangeResponseSchema,
  scheduleCreateResponseSchema,
  scheduledBroadcastsResponseSchema,
} from './schedule.schema';
import { standardAttributeSchemas } from './standard-attributes.schema';
import { userIdentifierShape, usersTrackAttributesItemSchema, usersTrackSchema } from './users-track.schema';

export type JsonSchema = Record<string, unknown>;

/** The request bodies (and the mock server's config file) published as JSON Schema, by file name. */
export const REQUEST_SCHEMAS = {
  'campaign-trigger-send': campaignTriggerSendSchema,
  'canvas-trigger-send': canvasTriggerSendSchema,
  'users-track': usersTrackSchema,
  'sends-id-create': sendsIdCreateSchema,
  'transactional-send': transactionalSendBodySchema,
  'messages-send': messagesSendSchema,
  'users-export-ids': usersExportIdsSchema,
  'users-identify': usersIdentifySchema,
  'users-alias-new': usersAliasNewSchema,
  'users-alias-update': usersAliasUpdateSchema,
  'users-delete': usersDeleteSchema,
  'users-merge': usersMergeSchema,
  'subscription-status-set': subscriptionStatusSetSchema,
  'subscription-status-set-v2': subscriptionStatusSetV2Schema,
  'mock-server-config': mockServerConfigSchema,
} as const;
export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;

type RefTo = (id: string) => string;

function plainJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function operatorObject(key: string, items: JsonSchema): JsonSchema {
  return { type: 'object', properties: { [key]: { type: 'array', minItems: 1, items } }, required: [key], additionalProperties: false };
}

/** The recursive grammar of spec 6, which the hand-routed parser cannot describe by itself. */
function audienceJsonSchema(refTo: RefTo): JsonSchema {
  const self = { $ref: refTo('AudienceExpression') };
  return { anyOf: [operatorObject('AND', self), operatorObject('OR', self), plainJsonSchema(audienceFilterSchema)] };
}

/** Spec 7's attributes object: standard attributes by name, custom ones by form. */
function attributesJsonSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { _merge_objects: { type: 'boolean' } };
  for (const [name, schema] of Object.entries(standardAttributeSchemas)) properties[name] = plainJsonSchema(schema);
  return {
    type: 'object',
    properties,
    propertyNames: { minLength: 1, maxLength: MAX_ATTRIBUTE_KEY_LENGTH, pattern: '^[^$]' },
    additionalProperties: {
      anyOf: [
        { type: 'string', maxLength: MAX_CUSTOM_STRING_LENGTH },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'null' },
        { type: 'array' },
        { type: 'object', description: 'A nested object, {inc: n}, {add: [...]}, {remove: [...]}, or {$add|$update|$remove: [...]} on an array of objects.' },
      ],
    },
  };
}

/** An attributes item: a user identifier and `_update_existing_only` beside the attributes themselves. */
function attributesItemJsonSchema(): JsonSchema {
  // `email` and `phone` are described by the attributes part: either may be an attribute, which `null` removes.
  const { email: _email, phone: _phone, ...identifierShape } = userIdentifierShape;
  return {
    description: 'Names its user with exactly one of external_id, user_alias, braze_id (or, when none of those is given, email, else phone); every other key is an attribute (spec 7).',
    allOf: [plainJsonSchema(z.object(identifierShape)), attributesJsonSchema()],
  };
}

function generate(schema: z.ZodType, io: 'input' | 'output', refTo: RefTo): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const node: unknown = zodSchema;
      if (node === audienceExpressionSchema) Object.assign(jsonSchema, audienceJsonSchema(refTo));
      if (node === attributesObjectSchema) Object.assign(jsonSchema, attributesJsonSchema());
      if (node === usersTrackAttributesItemSchema) {
        delete jsonSchema.type;
        Object.assign(jsonSchema, attributesItemJsonSchema());
      }
    },
  }) as JsonSchema;
}

/**
 * JSON Schema (2020-12) of every request body, generated from the zod schemas.
 *
 * @example
 * writeFileSync('users-track.json', JSON.stringify(requestJsonSchemas()['users-track'], null, 2));
 */
export function requestJsonSchemas(): Record<RequestSchemaName, JsonSchema> {
  const out = {} as Record<RequestSchemaName, JsonSchema>;
  for (const [name, schema] of Object.entries(REQUEST_SCHEMAS) as [RequestSchemaName, z.ZodType][]) {
    out[name] = generate(schema, 'input', (id) => `#/$defs/${id}`);
  }
  return out;
}

/** Moves a generated schema's `$defs` into OpenAPI components and returns a `$ref` to it. */
function toComponent(schema: JsonSchema, fallbackId: string, components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $defs, ...root } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = def;
  if (typeof root.$ref === 'string' && Object.keys(root).length === 1) return root;
  components[fallbackId] = root;
  return { $ref: `#/components/schemas/${fallbackId}` };
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof child === 'string' ? child.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(child);
  }
  return out;
}

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed in the current window.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window, after counting this one.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'UNIX epoch seconds when the window ends.', schema: { type: 'integer' } },
};

function jsonContent(ref: JsonSchema): JsonSchema {
  return { 'application/json': { schema: ref } };
}

function errorResponse(description: string, error: JsonSchema, extraHeaders: JsonSchema = {}): JsonSchema {
  return { description, headers: { ...RATE_LIMIT_HEADERS, ...extraHeaders }, content: jsonContent(error) };
}

interface Endpoint {
  path: string;
  operationId: string;
  summary: string;
  permission: string;
  request: z.ZodType;
  requestId: string;
  response: z.ZodType;
  responseId: string;
  /** Path parameters (`{campaign_id}`), each a required string. */
  pathParameters?: readonly string[];
  /** False for an endpoint without rate limits (transactional email): no 429, no rate-limit headers. */
  rateLimited?: boolean;
  /** The success status (default 201; `/users/merge` answers 202). */
  status?: '201' | '202';
}

const USER_WRITE_NOTE = ' Eventually consistent like /users/track: applied after the propagation delay; per-item outcomes in GET /_mock/requests.';

/** Endpoints spec 7–10, 12: `[path, operationId, summary, permission, request, requestId, response, responseId, status?]`. */
const USER_WRITE_ENDPOINTS: Endpoint[] = [
  ['/users/identify', 'usersIdentify', 'Identify alias-only (or email / phone) users with an external_id; merges into an existing user with it.', 'users.identify', usersIdentifySchema, 'UsersIdentifyRequest', aliasesProcessedResponseSchema, 'AliasesProcessedResponse'],
  ['/users/alias/new', 'usersAliasNew', 'Add aliases to users, or create alias-only users.', 'users.alias.new', usersAliasNewSchema, 'UsersAliasNewRequest', aliasesProcessedResponseSchema, 'AliasesProcessedResponse'],
  ['/users/alias/update', 'usersAliasUpdate', 'Rename aliases.', 'users.alias.update', usersAliasUpdateSchema, 'UsersAliasUpdateRequest', successResponseSchema, 'SuccessResponse'],
  ['/users/delete', 'usersDelete', 'Delete users by one kind of identifier.', 'users.delete', usersDeleteSchema, 'UsersDeleteRequest', usersDeleteResponseSchema, 'UsersDeleteResponse'],
  ['/users/merge', 'usersMerge', 'Merge users: empty fields of the user to keep are filled from the one merged, which is removed.', 'users.merge', usersMergeSchema, 'UsersMergeRequest', successResponseSchema, 'SuccessResponse', '202'],
  ['/subscription/status/set', 'subscriptionStatusSet', "Set users' state in one subscription group.", 'subscription.status.set', subscriptionStatusSetSchema, 'SubscriptionStatusSetRequest', successResponseSchema, 'SuccessResponse'],
  ['/v2/subscription/status/set', 'subscriptionStatusSetV2', "Set users' states in up to 50 subscription groups.", 'subscription.status.set', subscriptionStatusSetV2Schema, 'SubscriptionStatusSetV2Request', successResponseSchema, 'SuccessResponse'],
].map(([path, operationId, summary, permission, request, requestId, response, responseId, status]) => ({
  path: path as string,
  operationId: operationId as string,
  summary: `${summary as string}${USER_WRITE_NOTE}`,
  permission: permission as string,
  request: request as z.ZodType,
  requestId: requestId as string,
  response: response as z.ZodType,
  responseId: responseId as string,
  ...(status === undefined ? {} : { status: status as '202' }),
}));

/** The six schedule endpoints (endpoints spec 5), `[kind, action, request]`. */
const SCHEDULE_ENDPOINTS = [
  ['campaign', 'create', campaignScheduleCreateSchema, 'CampaignScheduleCreateRequest'],
  ['campaign', 'update', campaignScheduleUpdateSchema, 'CampaignScheduleUpdateRequest'],
  ['campaign', 'delete', campaignScheduleDeleteSchema, 'CampaignScheduleDeleteRequest'],
  ['canvas', 'create', canvasScheduleCreateSchema, 'CanvasScheduleCreateRequest'],
  ['canvas', 'update', canvasScheduleUpdateSchema, 'CanvasScheduleUpdateRequest'],
  ['canvas', 'delete', canvasScheduleDeleteSchema, 'CanvasScheduleDeleteRequest'],
] as const;

const SCHEDULE_SUMMARIES = {
  create: 'Schedule an API-triggered delivery (create-and-send at each moment).',
  update: 'Change a schedule before its first moment.',
  delete: 'Cancel a schedule; recipients not yet run are skipped `canceled`.',
} as const;

function scheduleEndpoint([kind, action, request, requestId]: (typeof SCHEDULE_ENDPOINTS)[number]): Endpoint {
  const base = kind === 'campaign' ? 'campaigns' : 'canvas';
  const capital = `${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}`;
  return {
    path: `/${base}/trigger/schedule/${action}`,
    operationId: `${kind}Schedule${action[0]?.toUpperCase() ?? ''}${action.slice(1)}`,
    summary: `${capital}: ${SCHEDULE_SUMMARIES[action]}`,
    permission: `${base}.trigger.schedule.${action}`,
    request,
    requestId,
    response: action === 'create' ? scheduleCreateResponseSchema : scheduleChangeResponseSchema,
    responseId: action === 'create' ? 'ScheduleCreateResponse' : 'ScheduleChangeResponse',
  };
}

const ENDPOINTS: Endpoint[] = [
  {
    path: '/campaigns/trigger/send',
    operationId: 'campaignTriggerSend',
    summary: 'Send an API-triggered campaign (create and send / update and send).',
    permission: 'campaigns.trigger.send',
    request: campaignTriggerSendSchema,
    requestId: 'CampaignTriggerSendRequest',
    response: triggerSendResponseSchema,
    responseId: 'TriggerSendResponse',
  },
  {
    path: '/canvas/trigger/send',
    operationId: 'canvasTriggerSend',
    summary: 'Send an API-triggered Canvas.',
    permission: 'canvas.trigger.send',
    request: canvasTriggerSendSchema,
    requestId: 'CanvasTriggerSendRequest',
    response: triggerSendResponseSchema,
    responseId: 'TriggerSendResponse',
  },
  {
    path: '/users/track',
    operationId: 'usersTrack',
    summary: 'Record user attributes, events and purchases.',
    permission: 'users.track',
    request: usersTrackSchema,
    requestId: 'UsersTrackRequest',
    response: usersTrackResponseSchema,
    responseId: 'UsersTrackResponse',
  },
  {
    path: '/sends/id/create',
    operationId: 'sendsIdCreate',
    summary: 'Create a send id for analytics grouping.',
    permission: 'sends.id.create',
    request: sendsIdCreateSchema,
    requestId: 'SendsIdCreateRequest',
    response: sendsIdCreateResponseSchema,
    responseId: 'SendsIdCreateResponse',
  },
  {
    path: '/transactional/v1/campaigns/{campaign_id}/send',
    operationId: 'transactionalSend',
    summary: 'Send a transactional email to one recipient (created from external_user_id + attributes when missing); external_send_id deduplicates for 24 hours.',
    permission: 'transactional.send',
    request: transactionalSendBodySchema,
    requestId: 'TransactionalSendBody',
    response: transactionalSendResponseSchema,
    responseId: 'TransactionalSendResponse',
    pathParameters: ['campaign_id'],
    rateLimited: false,
  },
  {
    path: '/messages/send',
    operationId: 'messagesSend',
    summary: 'Send content given in the request (email, apple_push, android_push, sms) to listed users, or broadcast to a segment or an audience.',
    permission: 'messages.send',
    request: messagesSendSchema,
    requestId: 'MessagesSendRequest',
    response: messagesSendResponseSchema,
    responseId: 'MessagesSendResponse',
  },
  {
    path: '/users/export/ids',
    operationId: 'usersExportIds',
    summary: 'Export what is held about users (by external ids and aliases, braze_id, device_id, email or phone): the fields named in fields_to_export.',
    permission: 'users.export.ids',
    request: usersExportIdsSchema,
    requestId: 'UsersExportIdsRequest',
    response: usersExportIdsResponseSchema,
    responseId: 'UsersExportIdsResponse',
  },
  ...USER_WRITE_ENDPOINTS,
  ...SCHEDULE_ENDPOINTS.map(scheduleEndpoint),
];

function operation(endpoint: Endpoint, components: Record<string, JsonSchema>, error: JsonSchema): JsonSchema {
  const refTo: RefTo = (id) => `#/$defs/${id}`;
  const request = toComponent(generate(endpoint.request, 'input', refTo), endpoint.requestId, components);
  const response = toComponent(generate(endpoint.response, 'output', refTo), endpoint.responseId, components);
  const limited = endpoint.rateLimited !== false;
  const responses: Record<string, JsonSchema> = {
    [endpoint.status ?? '201']: { description: 'Accepted.', ...(limited ? { headers: RATE_LIMIT_HEADERS } : {}), content: jsonContent(response) },
    '400': errorResponse('Invalid request: `message` names the first failing rule, `errors` lists every problem by path.', error),
    '401': { description: 'Missing or unknown API key.', content: jsonContent(error) },
    '403': errorResponse(`The key lacks the \`${endpoint.permission}\` permission.`, error),
    '413': errorResponse('Body larger than 4 MB.', error),
    '415': { description: 'The body is not sent as `Content-Type: application/json`; checked first, so nothing was processed or counted and no rate-limit headers are sent.', content: jsonContent(error) },
  };
  if (limited) {
    responses['429'] = errorResponse('Rate limit exceeded; nothing was processed.', error, {
      'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
    });
  } else {
    for (const status of ['400', '403', '413']) responses[status] = { description: (responses[status] as { description: string }).description, content: jsonContent(error) };
  }
  const parameters = (endpoint.pathParameters ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return {
    post: {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: `Requires the \`${endpoint.permission}\` permission.`,
      security: [{ bearerAuth: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      requestBody: { required: true, content: jsonContent(request) },
      responses,
    },
  };
}

interface GetEndpoint {
  operationId: string;
  summary: string;
  permission: string;
  parameters: { name: string; required: boolean; description: string; schema: JsonSchema }[];
  response: z.ZodType;
  responseId: string;
}

const LIST_PARAMETER: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 50 }] };
const LIST_NOTE = 'Up to 50 values: `name=v`, repeated, or `name[]=v`.';

/** The GET endpoints (endpoints spec 5.5, 12): input in the query, lists as `name=v`, repeated or `name[]=v`. */
const GET_ENDPOINTS: Record<string, GetEndpoint> = {
  '/messages/scheduled_broadcasts': {
    operationId: 'scheduledBroadcasts',
    summary: 'List scheduled campaigns and Canvases whose next moment is at or before end_time.',
    permission: 'messages.schedule_broadcasts',
    parameters: [{ name: 'end_time', required: true, description: 'ISO-8601 date or date-time.', schema: { type: 'string' } }],
    response: scheduledBroadcastsResponseSchema,
    responseId: 'ScheduledBroadcastsResponse',
  },
  '/subscription/status/get': {
    operationId: 'subscriptionStatusGet',
    summary: "Users' state in one subscription group (Subscribed, Unsubscribed or Unknown); with external_id, email and phone are ignored.",
    permission: 'subscription.status.get',
    parameters: [
      { name: 'subscription_group_id', required: true, description: 'The group.', schema: { type: 'string' } },
      { name: 'external_id', required: false, description: LIST_NOTE, schema: LIST_PARAMETER },
      { name: 'email', required: false, description: `${LIST_NOTE} Not with phone.`, schema: LIST_PARAMETER },
      { name: 'phone', required: false, description: `${LIST_NOTE} Not with email.`, schema: LIST_PARAMETER },
    ],
    response: subscriptionStatusResponseSchema,
    responseId: 'SubscriptionStatusResponse',
  },
  '/subscription/user/status': {
    operationId: 'subscriptionUserStatus',
    summary: 'The subscription groups each user has history in, paged by limit and offset.',
    permission: 'subscription.groups.get',
    parameters: [
      { name: 'external_id', required: false, description: LIST_NOTE, schema: LIST_PARAMETER },
      { name: 'email', required: false, description: LIST_NOTE, schema: LIST_PARAMETER },
      { name: 'phone', required: false, description: LIST_NOTE, schema: LIST_PARAMETER },
      { name: 'limit', required: false, description: '1–100, default 100.', schema: { type: 'integer', minimum: 1, maximum: 100 } },
      { name: 'offset', required: false, description: 'Default 0.', schema: { type: 'integer', minimum: 0 } },
    ],
    response: userSubscriptionsResponseSchema,
    responseId: 'UserSubscriptionsResponse',
  },
};

function getOperation(endpoint: GetEndpoint, components: Record<string, JsonSchema>, error: JsonSchema): JsonSchema {
  const response = toComponent(generate(endpoint.response, 'output', (id) => `#/$defs/${id}`), endpoint.responseId, components);
  return {
    get: {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: `Requires the \`${endpoint.permission}\` permission.`,
      security: [{ bearerAuth: [] }],
      parameters: endpoint.parameters.map((parameter) => ({ ...parameter, in: 'query' })),
      responses: {
        '200': { description: 'Success.', headers: RATE_LIMIT_HEADERS, content: jsonContent(response) },
        '400': errorResponse('Invalid query: `errors` lists every problem, prefixed `query.`.', error),
        '401': { description: 'Missing or unknown API key.', content: jsonContent(error) },
        '403': errorResponse(`The key lacks the \`${endpoint.permission}\` permission.`, error),
        '429': errorResponse('Rate limit exceeded; nothing was processed.', error, { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } }),
      },
    },
  };
}

/**
 * OpenAPI 3.1 description of the Braze endpoints triggerkit serves, generated from the zod schemas.
 *
 * @example
 * writeFileSync('openapi.json', JSON.stringify(openApiDocument(), null, 2));
 */
export function openApiDocument(): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const error = toComponent(generate(errorResponseSchema, 'output', (id) => `#/$defs/${id}`), 'ErrorResponse', components);
  const paths: Record<string, JsonSchema> = {};
  for (const endpoint of ENDPOINTS) paths[endpoint.path] = operation(endpoint, components, error);
  for (const [path, endpoint] of Object.entries(GET_ENDPOINTS)) paths[path] = getOperation(endpoint, components, error);
  const sortedComponents = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  return rewriteRefs({
    openapi: '3.1.0',
    info: {
      title: 'triggerkit: Braze-compatible API-triggered delivery',
      version: '1.0.0',
      description: 'The Braze REST endpoints triggerkit implements (campaign and Canvas trigger sends, users/track, sends/id/create, messages/send, transactional email, scheduled triggers, users/identify, aliases, delete, merge, users/export/ids, subscription groups). Generated from @triggerkit/core schemas.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: 'http://127.0.0.1:4010', description: 'triggerkit mock server (default)' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A workspace REST API key.' } }, schemas: sortedComponents },
  }) as JsonSchema;
}

/** Every generated artifact as `relative path → file text`, so the files and the drift test come from one place. */
export function generatedArtifacts(): Record<string, string> {
  const files: Record<string, string> = { 'openapi.json': `${JSON.stringify(openApiDocument(), null, 2)}\n` };
  for (const [name, schema] of Object.entries(requestJsonSchemas())) files[`json-schema/${name}.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  return files;
}
