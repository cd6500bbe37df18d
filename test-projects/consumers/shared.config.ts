import type { MockServerConfigInput } from '@triggerkit/core';

// Copied next to each consumer's entry file. One workspace, one key, one campaign, one user: enough
// for a successful send and for the spec's errors.
export const API_KEY = 'consumer-key';

export const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'consumer',
      api_keys: [{ key: API_KEY, permissions: ['campaigns.trigger.send'] }],
      campaigns: [{ id: 'welcome', status: 'active', channel: 'email', message: { subject: 'Hi', body: 'Hello {{${first_name}}}' } }],
      users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }],
    },
  ],
};

export const quietLogger = { error: (): void => undefined };

/** The harness parses the last line a consumer prints. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
