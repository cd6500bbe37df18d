import type { AudienceExpression } from '../../schema/audience.schema';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { Clock } from '../support/clock';
import type { IdSource } from '../support/ids';
import type { CompiledTemplate, LiquidRenderer } from '../render/liquid.renderer';
import type { Channel } from '../../schema/mock-config.schema';
import type { ProfileRecord, Retention, Store, StoreUnit } from '../ports/store.port';
import type { DispatchRecipient, DispatchRecord, MessageSource, SkipReason } from '../../schema/responses.schema';
import type { Prioritization } from '../../schema/recipient.schema';
import type { AttributeNotes } from '../../rules/recipient-attributes.rules';
import type { SubscriptionRequirement } from '../../rules/reachability.rules';

/** A campaign or canvas as the pipeline needs it, whatever its source (config file, `PUT /_mock/...`). */
export interface TriggerTarget {
  kind: 'campaign' | 'canvas';
  id: string;
  channel: Channel;
  segment?: AudienceExpression | undefined;
  /** The channel's template fields (email: subject, body; push: title, body; sms: body). */
  message: Readonly<Record<string, string>>;
  /** Endpoints spec 12: recipients also need `subscribed` in this group. */
  subscriptionGroupId?: string | undefined;
}

/** One recipient of a validated trigger request. */
export interface RecipientPlan {
  /** The recipient's index in the request as sent (default: its place in the plan). */
  index?: number | undefined;
  identifier: RecipientIdentifiers;
  prioritization?: readonly Prioritization[] | undefined;
  /** The recipient's own `trigger_properties` (canvas: `context`). */
  properties?: Readonly<Record<string, unknown>> | undefined;
  sendToExistingOnly: boolean;
  attributes?: Readonly<Record<string, unknown>> | undefined;
  /** What the recipient's dispatch entry says about its attributes (Rev 2: `ignored`, `dropped`). */
  notes?: AttributeNotes | undefined;
}

/** A validated trigger request, ready to run: `recipients` absent means broadcast. */
export interface TriggerPlan {
  workspace: string;
  target: TriggerTarget;
  dispatchId: string;
  sendId?: string | undefined;
  /** Top-level `trigger_properties` (canvas: `context`). */
  properties?: Readonly<Record<string, unknown>> | undefined;
  audience?: AudienceExpression | undefined;
  attachments?: readonly { file_name: string; url: string }[] | undefined;
  recipients?: readonly RecipientPlan[] | undefined;
  /** Endpoints spec 14.6: what its messages say sent them. Default `trigger`. */
  source?: MessageSource | undefined;
  /** Endpoints spec 4: the transactional send's `external_send_id`, recorded on its message. */
  externalSendId?: string | undefined;
  /** Which subscription states the send reaches (endpoints spec 3.3, 4.2). Default `subscribed`. */
  subscription?: SubscriptionRequirement | undefined;
  /** Endpoints spec 5.2: the schedule whose moment this run is. */
  scheduleId?: string | undefined;
  /** A run that is part of more (a schedule's moment): its own bookkeeping in the same unit. */
  hook?: RunHook | undefined;
}

/** Broadcast profiles at a schedule moment: run now, skip (its moment passed before the schedule was made), or not yet / already run. */
export type BroadcastSelection = 'run' | { skip: SkipReason } | 'not_now';

/**
 * Bookkeeping of a run inside its unit of work (endpoints spec 5.2): `begin` first (false: the run
 * is stale and does nothing), `finish` writes the dispatch in place of a plain one.
 */
export interface RunHook {
  /** Keys held for the whole unit, besides the profiles'. */
  keys: readonly string[];
  begin(tx: StoreUnit): Promise<boolean>;
  selectBroadcast?(profile: ProfileRecord): BroadcastSelection;
  finish(tx: StoreUnit, recipients: DispatchRecipient[]): Promise<DispatchRecord>;
}

export type AudienceScope = 'segment' | 'audience';

/** What the create-and-send pipeline runs on. */
export interface PipelineDeps {
  store: Store;
  /** How many messages and dispatch records a workspace keeps. */
  retention: Retention;
  clock: Clock;
  ids: IdSource;
  renderer: LiquidRenderer;
  /** The compiled form of a target's message (parsed once per definition). */
  compiled(target: TriggerTarget): CompiledTemplate;
  /** Spec 6: a campaign segment may name standard attributes (`segment`), a request audience only custom ones (`audience`). */
  matchesAudience(expression: AudienceExpression, profile: ProfileRecord, scope: AudienceScope): boolean;
}
