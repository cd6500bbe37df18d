import type { Channel, Permission } from '@triggerkit/core';

/**
 * The provider states the contract kit's interactions use. They name facts about a Braze
 * workspace (not about the mock server), so the same pact reads correctly against Braze itself.
 */
export const PROVIDER_STATES = {
  cleanWorkspace: 'a workspace with no users and no pending faults',
  activeCampaign: 'an active campaign',
  activeCanvas: 'an active canvas',
  activeTransactionalCampaign: 'an active transactional email campaign',
  activeApiCampaign: 'an active API campaign',
  scheduledCampaignTrigger: 'a campaign trigger scheduled for later',
  clockAt: 'the current time',
  existingUser: 'an existing user',
  noSuchUser: 'no user with this external id',
  noSuchCampaign: 'no campaign with this id',
  rateLimitExhausted: 'the rate limit of an endpoint is exhausted',
  keyWithoutPermission: 'an API key that lacks a permission',
  unknownApiKey: 'an API key that does not exist',
} as const;

export type ProviderStateName = (typeof PROVIDER_STATES)[keyof typeof PROVIDER_STATES];

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One provider state of an interaction: its name and parameters (Pact V3+ `given(name, params)`). */
export interface ProviderState {
  name: ProviderStateName;
  params: { [key: string]: JsonValue };
}

/** Builders for every provider state the kit knows, so that names and parameters never drift. */
export const given = {
  /** An active campaign with this id on `channel` (default `email`), optionally behind a `segment`. */
  activeCampaign(campaign_id: string, options: { channel?: Channel; segment?: JsonValue } = {}): ProviderState {
    return deliveryState(PROVIDER_STATES.activeCampaign, { campaign_id }, options);
  },
  /** An active campaign of type `transactional` (email) with this id (endpoints spec 4, 15). */
  activeTransactionalCampaign(campaign_id: string): ProviderState {
    return { name: PROVIDER_STATES.activeTransactionalCampaign, params: { campaign_id } };
  },
  /** An active campaign of type `api` with this id: what a `/messages/send` `campaign_id` names (endpoints spec 3, 15). */
  activeApiCampaign(campaign_id: string): ProviderState {
    return { name: PROVIDER_STATES.activeApiCampaign, params: { campaign_id } };
  },
  /**
   * An active email campaign with a trigger of one recipient scheduled at `time` (ISO, in the
   * future): the state gives `schedule_id` to the interactions that update or delete it.
   */
  scheduledCampaignTrigger(campaign_id: string, time: string): ProviderState {
    return { name: PROVIDER_STATES.scheduledCampaignTrigger, params: { campaign_id, time } };
  },
  /** The provider's clock at `time` (ISO instant): on the mock server, a manual clock advanced there (endpoints spec 2). */
  clockAt(time: string): ProviderState {
    return { name: PROVIDER_STATES.clockAt, params: { time } };
  },
  /** An active canvas with this id on `channel` (default `push`). */
  activeCanvas(canvas_id: string, options: { channel?: Channel } = {}): ProviderState {
    return deliveryState(PROVIDER_STATES.activeCanvas, { canvas_id }, { channel: options.channel ?? 'push' });
  },
  /** A user with this external id and (at least) these attributes. */
  existingUser(external_id: string, attributes: { [key: string]: JsonValue } = {}): ProviderState {
    return { name: PROVIDER_STATES.existingUser, params: { external_id, attributes } };
  },
  noSuchUser(external_id: string): ProviderState {
    return { name: PROVIDER_STATES.noSuchUser, params: { external_id } };
  },
  noSuchCampaign(campaign_id: string): ProviderState {
    return { name: PROVIDER_STATES.noSuchCampaign, params: { campaign_id } };
  },
  /** The next request to `path` (e.g. `/campaigns/trigger/send`) is over its rate limit. */
  rateLimitExhausted(path: string): ProviderState {
    return { name: PROVIDER_STATES.rateLimitExhausted, params: { path } };
  },
  /** `api_key` exists in the workspace but lacks `permission`. */
  keyWithoutPermission(api_key: string, permission: Permission): ProviderState {
    return { name: PROVIDER_STATES.keyWithoutPermission, params: { api_key, permission } };
  },
  unknownApiKey(api_key: string): ProviderState {
    return { name: PROVIDER_STATES.unknownApiKey, params: { api_key } };
  },
};

function deliveryState(name: ProviderStateName, id: { [key: string]: string }, options: { channel?: Channel; segment?: JsonValue }): ProviderState {
  const params: ProviderState['params'] = { ...id, channel: options.channel ?? 'email' };
  if (options.segment !== undefined) params.segment = options.segment;
  return { name, params };
}
