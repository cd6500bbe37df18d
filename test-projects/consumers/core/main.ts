import { createTriggerKitHandler, listen, TriggerKitClient, TriggerKitError, validateCampaignTriggerSend } from '@triggerkit/core';
import { API_KEY, config, fail, quietLogger, report } from './shared.config.js';

// A user of @triggerkit/core alone: validate a request, serve the core handler on node:http, and
// send through the client. Compiled twice by the harness, as ESM and as CommonJS.
async function main(): Promise<void> {
  const invalid = validateCampaignTriggerSend({ recipients: [{ external_user_id: 'u-1' }] });
  const valid = validateCampaignTriggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
  const handler = createTriggerKitHandler({ config, logger: quietLogger });
  const server = await listen(handler.handle);
  try {
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: API_KEY, retry: false });
    const sent = await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    const rejected = await client.campaigns.triggerSend({ campaign_id: 'missing', recipients: [{ external_user_id: 'u-1' }] }).then(
      () => ({ thrown: false }),
      (error: unknown) => ({ thrown: true, isTriggerKitError: error instanceof TriggerKitError, status: error instanceof TriggerKitError ? error.httpStatus : undefined, message: error instanceof Error ? error.message : String(error) }),
    );
    report({
      invalid: invalid.ok ? { ok: true } : { ok: false, message: invalid.error.message },
      valid: { ok: valid.ok },
      sent: { message: sent.message, hasDispatchId: typeof sent.dispatch_id === 'string' && sent.dispatch_id.length > 0 },
      rejected,
    });
  } finally {
    await server.close();
    await handler.close();
  }
}

main().catch(fail);
