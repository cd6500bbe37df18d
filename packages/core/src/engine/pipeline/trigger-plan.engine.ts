import type { MessageSource } from '../../schema/responses.schema';
import type { AudienceExpression } from '../../schema/audience.schema';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { Clock } from '../support/clock';
import type { IdSource } from '../support/ids';
import type { CompiledTemplate, LiquidRenderer } from '../render/liquid.renderer';
import type { Channel } from '../../schema/mock-config.schema';
import type { ProfileRecord, Retention, Store } from '../ports/store.port';
import type { Prioritization } from '../../schema/recipient.schema';
import type { AttributeNotes } from '../../rules/recipient-attributes.rules';

/** A campaign or canvas as the pipeline needs it, whatever its source (config file, `PUT /_mock/...`). */
export interface TriggerTarget {
  kind: 'campaign' | 'canvas';
  id: string;
  channel: Channel;
  segment?: AudienceExpression | undefined;
  /** The channel's template fields (email: subject, body; push: title, body; sms: body). */
  message: Readonly<Record<string, string>>;
}

/** One recipient of a validated trigger request. */
export interface RecipientPlan {
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
  /** What its messages say they came from (endpoints spec 14.6). Default `trigger`. */
  source?: MessageSource | undefined;
  /** A scheduled run: the schedule its messages name. */
  scheduleId?: string | undefined;
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
