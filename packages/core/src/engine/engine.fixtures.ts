import { validateMockServerConfig } from '../rules/request-validation/mock-config.validation';
import type { MockServerConfigInput, WorkspaceConfigInput } from '../schema/mock-config.schema';
import { createEngine } from './create-engine';
import type { Engine, EngineOptions } from './engine.types';
import { sequentialIdSource } from './support/ids';

/** Shared by the engine's own tests: a key with every permission, and the spec's example campaigns. */
export const ALL_PERMISSIONS = ['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect'] as const;

/** What every new profile (seeded, created by a trigger or by `/users/track`) stores unless told otherwise (spec 3.3 step 7). */
export const NEW_PROFILE_DEFAULTS = { email_subscribe: 'subscribed', push_subscribe: 'subscribed' } as const;

export const ORDER_CONFIRMATION = {
  id: 'order-confirmation',
  channel: 'email',
  message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}" },
} as const;

export const WOMEN_ONLY = {
  id: 'women-only',
  channel: 'email',
  segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
  message: { subject: 'For you', body: 'Hi {{${first_name}}}' },
} as const;

export const ONBOARDING = {
  id: 'onboarding',
  channel: 'push',
  message: { title: 'Welcome', body: '{{context.${step}}}|{{canvas_entry_properties.${step}}}' },
} as const;

export function workspace(name: string, extra: Omit<WorkspaceConfigInput, 'name' | 'api_keys'> = {}): WorkspaceConfigInput {
  return {
    name,
    api_keys: [{ key: `${name}-key`, permissions: [...ALL_PERMISSIONS] }],
    campaigns: [ORDER_CONFIRMATION, WOMEN_ONLY],
    canvases: [ONBOARDING],
    ...extra,
  };
}

/** An engine over a validated config, with sequential ids (so tests can name them). */
export function engineFor(config: MockServerConfigInput, options: Omit<EngineOptions, 'config'> = {}): Engine {
  const result = validateMockServerConfig(config);
  if (!result.ok) throw new Error(`invalid test config:\n${result.errors.join('\n')}`);
  return createEngine({ ids: sequentialIdSource(), ...options, config: result.value });
}
