import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTriggerKitHandler, toFetchHandler } from '@triggerkit/core';
import { TriggerKitClient, TriggerKitError } from '@triggerkit/core/client';
import { API_KEY, config, fail, quietLogger, report } from './shared.config.js';

// The fetch standard: core's handler as `(request: Request) => Promise<Response>` in a Hono app under
// /braze, and the edge-safe client entry (@triggerkit/core/client) calling it with the platform fetch.
async function main(): Promise<void> {
  const core = createTriggerKitHandler({ config, logger: quietLogger });
  const braze = toFetchHandler(core.handle, { basePath: '/braze' });
  const app = new Hono();
  app.all('/braze/*', (c) => braze(c.req.raw));
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: started, port: info.port }));
  });
  try {
    const client = new TriggerKitClient({ baseUrl: `http://127.0.0.1:${port}/braze`, apiKey: API_KEY, retry: false });
    const sent = await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    const rejected = await client.campaigns.triggerSend({ campaign_id: 'missing', recipients: [{ external_user_id: 'u-1' }] }).then(
      () => ({ thrown: false }),
      (error: unknown) => ({ thrown: true, isTriggerKitError: error instanceof TriggerKitError, status: error instanceof TriggerKitError ? error.httpStatus : undefined }),
    );
    const tooLarge = await fetch(`http://127.0.0.1:${port}/braze/campaigns/trigger/send`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: 'x'.repeat(4 * 1024 * 1024 + 1) });
    report({ sent: { message: sent.message, hasDispatchId: sent.dispatch_id.length > 0 }, rejected, tooLarge: { status: tooLarge.status, body: await tooLarge.json() } });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await core.close();
  }
}

main().catch(fail);
