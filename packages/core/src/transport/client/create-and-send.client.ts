import { AuthError, MESSAGES, PermissionError, type TriggerKitError, ValidationError } from '../../errors';
import { RULE_ORDER } from '../../rules';
import { isPlainObject } from '../../schema';
import { chunk, MAX_RECIPIENTS_PER_REQUEST, mapWithConcurrency } from './chunking.client';
import { type CampaignTriggerSendRequest, type CanvasTriggerSendRequest, type RecipientInput, type CanvasRecipientInput } from './wire-types.client';

/** `Omit` applied to each member of a union, so a union of identifier shapes stays a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Identified<R> = DistributiveOmit<R, 'send_to_existing_only' | 'attributes'>;

/** A create-and-send recipient: a user that may not exist yet, so no `user_alias` (spec 3.2 rule 9) and required attributes. */
export type CreateRecipient<R = RecipientInput> = DistributiveOmit<Identified<R>, 'user_alias'> & { attributes: NonNullable<RecipientInput['attributes']> };
/** An update-and-send recipient: an existing user, any identifier, attributes applied before the send. */
export type UpdateRecipient<R = RecipientInput> = Identified<R> & { attributes: NonNullable<RecipientInput['attributes']> };

type CampaignTop = Pick<CampaignTriggerSendRequest, 'campaign_id' | 'send_id' | 'trigger_properties'>;
type CanvasTop = Pick<CanvasTriggerSendRequest, 'canvas_id' | 'context' | 'canvas_entry_properties'>;

/** Any number of recipients for one campaign (or canvas); the client splits them into requests of ≤ 50. */
export type CreateAndSendRequest =
  | (CampaignTop & { recipients: readonly CreateRecipient[] })
  | (CanvasTop & { recipients: readonly CreateRecipient<CanvasRecipientInput>[] });
export type UpdateAndSendRequest =
  | (CampaignTop & { recipients: readonly UpdateRecipient[] })
  | (CanvasTop & { recipients: readonly UpdateRecipient<CanvasRecipientInput>[] });

export interface BatchDispatch<R> {
  dispatch_id: string;
  /** The recipients this request carried, as given. */
  recipients: R[];
}

export interface BatchFailure<R> {
  /** Usually a `TriggerKitError` (`RateLimitedError`, `ServerError`...). */
  error: Error;
  /**
   * The recipients of the failed request. Whether they were processed depends on `error`: after a
   * 4xx, 429, 502, 503 or `NetworkError` with `beforeSend` nothing was; after a timeout, a lost
   * connection, 500 or 504 it is unknown, and resending may deliver twice.
   */
  recipients: R[];
}

export interface BatchSendResult<R> {
  dispatches: BatchDispatch<R>[];
  failures: BatchFailure<R>[];
}

export type BatchMode = 'create' | 'update';

/** What the batch needs from the client: validate (unless turned off) and send one ≤ 50-recipient request. */
export interface BatchPorts {
  validate: ((body: CampaignTriggerSendRequest | CanvasTriggerSendRequest) => void) | undefined;
  send: (body: CampaignTriggerSendRequest | CanvasTriggerSendRequest) => Promise<{ dispatch_id: string }>;
  maxConcurrency: number;
}

/**
 * Create-and-send / update-and-send over any number of recipients. Every request is validated
 * before the first is sent (all-or-nothing, like the server); then requests go out with bounded
 * concurrency and each one's outcome is reported with its recipients. Like separate Braze
 * requests, chunks are not deduplicated against each other: list each user once.
 */
export async function sendInBatches<R extends object>(
  request: { recipients: readonly R[] } & (CampaignTop | CanvasTop),
  mode: BatchMode,
  ports: BatchPorts,
): Promise<BatchSendResult<R>> {
  const recipients = checkRecipients(request.recipients, ports.validate === undefined ? undefined : mode);
  const chunks = chunk(recipients, MAX_RECIPIENTS_PER_REQUEST);
  const bodies = buildAndValidate(chunks, (recipientsOfChunk) => chunkBody(request, recipientsOfChunk, mode), ports.validate);
  const result: BatchSendResult<R> = { dispatches: [], failures: [] };
  const outcomes = await mapWithConcurrency(bodies, ports.maxConcurrency, sendChunk(ports));
  outcomes.forEach((outcome, index) => {
    const carried = chunks[index] ?? [];
    if ('dispatch_id' in outcome) result.dispatches.push({ dispatch_id: outcome.dispatch_id, recipients: carried });
    else result.failures.push({ error: outcome.error, recipients: carried });
  });
  return result;
}

/**
 * Sends one chunk, turning its failure into a value so the other chunks go on. After a 401 or
 * 403 nothing else can succeed, so chunks not yet started report that error without a request.
 */
function sendChunk(ports: BatchPorts) {
  let fatal: TriggerKitError | undefined;
  return async (body: CampaignTriggerSendRequest | CanvasTriggerSendRequest): Promise<{ dispatch_id: string } | { error: Error }> => {
    if (fatal !== undefined) return { error: fatal };
    try {
      return { dispatch_id: (await ports.send(body)).dispatch_id };
    } catch (error) {
      if (error instanceof AuthError || error instanceof PermissionError) fatal = error;
      return { error: error instanceof Error ? error : new Error(String(error), { cause: error }) };
    }
  };
}

/** The list must be a non-empty array to be split at all; `create` also needs attributes (checked unless validation is off). */
function checkRecipients<R>(recipients: readonly R[], mode: BatchMode | undefined): readonly R[] {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new ValidationError('no_recipients', MESSAGES.no_recipients, []);
  }
  if (mode === 'create') {
    const missing: string[] = [];
    recipients.forEach((recipient, index) => {
      if (!hasAttributes(recipient)) missing.push(`recipients[${index}].attributes: required for create and send (a user is only created with attributes)`);
    });
    if (missing.length > 0) throw new ValidationError('invalid_recipient', MESSAGES.invalid_recipient, missing);
  }
  return recipients;
}

function hasAttributes(recipient: unknown): boolean {
  if (!isPlainObject(recipient)) return false;
  const attributes = recipient.attributes;
  if (!isPlainObject(attributes)) return false;
  // An own enumerable key, as `Object.keys(attributes).length > 0` asks, without building the list.
  for (const key in attributes) if (Object.hasOwn(attributes, key)) return true;
  return false;
}

function chunkBody<R extends object>(
  request: CampaignTop | CanvasTop,
  recipients: readonly R[],
  mode: BatchMode,
): CampaignTriggerSendRequest | CanvasTriggerSendRequest {
  const send_to_existing_only = mode === 'update';
  const { recipients: _all, ...top } = request as (CampaignTop | CanvasTop) & { recipients?: unknown };
  return { ...top, recipients: recipients.map((recipient) => ({ ...recipient, send_to_existing_only })) } as CampaignTriggerSendRequest | CanvasTriggerSendRequest;
}

/**
 * Builds every chunk's body and validates it right away, while its recipients are still in the
 * CPU cache (building all bodies first and validating them after cost a second trip through
 * memory). Problems are reported with their index in the caller's whole list, after every chunk.
 */
function buildAndValidate<R>(
  chunks: readonly (readonly R[])[],
  build: (recipients: readonly R[]) => CampaignTriggerSendRequest | CanvasTriggerSendRequest,
  validate: BatchPorts['validate'],
): (CampaignTriggerSendRequest | CanvasTriggerSendRequest)[] {
  const failures: ValidationError[] = [];
  const errors: string[] = [];
  const bodies = chunks.map((recipientsOfChunk, chunkIndex) => {
    const body = build(recipientsOfChunk);
    try {
      validate?.(body);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failures.push(error);
      errors.push(...error.errors.map((line) => reindex(line, chunkIndex * MAX_RECIPIENTS_PER_REQUEST)));
    }
    return body;
  });
  const first = firstByRuleOrder(failures);
  if (first !== undefined) throw new ValidationError(first.code, first.message, [...new Set(errors)]);
  return bodies;
}

const RECIPIENT_PATH = /^recipients\[(\d+)\]/;

function reindex(line: string, offset: number): string {
  return line.replace(RECIPIENT_PATH, (_match, index: string) => `recipients[${Number(index) + offset}]`);
}

/** Spec 3.2: the summary message is that of the first failing rule, across every chunk. */
function firstByRuleOrder(failures: readonly ValidationError[]): ValidationError | undefined {
  const rank = (error: ValidationError) => {
    const position = (RULE_ORDER as readonly string[]).indexOf(error.code);
    return position === -1 ? RULE_ORDER.length : position;
  };
  return [...failures].sort((a, b) => rank(a) - rank(b))[0];
}
