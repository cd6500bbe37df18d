import { PERMISSIONS, type MockServerConfigInput, type Permission } from '@triggerkit/core';

/** The key with every permission in `contractMockServerConfig`: use it in interactions and state handlers. */
export const CONTRACT_API_KEY = 'contract-key';
/** A key of the same workspace with only `users.track` and `mock.inspect`, for 403 interactions. */
export const CONTRACT_LIMITED_API_KEY = 'contract-key-track-only';
/** A key no workspace has, for 401 interactions. */
export const CONTRACT_UNKNOWN_API_KEY = 'contract-key-unknown';

const EVERY_PERMISSION: Permission[] = [...PERMISSIONS];

/**
 * A mock server configuration (spec 13) that the kit's provider states can drive: one workspace
 * with no propagation delay, a manual clock, `CONTRACT_API_KEY` (every permission) and `CONTRACT_LIMITED_API_KEY`.
 * Campaigns, canvases and users come from the provider states. Write it to a file for
 * `triggerkit-mock --config`.
 *
 * @example
 * writeFileSync('contract-mock.json', JSON.stringify(contractMockServerConfig()));
 * // triggerkit-mock --config contract-mock.json --port 0
 */
export function contractMockServerConfig(options: { workspace?: string } = {}): MockServerConfigInput {
  return {
    workspaces: [
      {
        name: options.workspace ?? 'contracts',
        api_keys: [
          { key: CONTRACT_API_KEY, permissions: EVERY_PERMISSION },
          { key: CONTRACT_LIMITED_API_KEY, permissions: ['users.track', 'mock.inspect'] },
        ],
        users_track_delay_ms: 0,
        // Endpoints spec 2: a manual clock (from 2026-01-01T00:00:00Z, restarted by each clean
        // workspace), so schedule times in a pact stay in the future however old the pact gets.
        clock: { mode: 'manual' },
      },
    ],
  };
}
