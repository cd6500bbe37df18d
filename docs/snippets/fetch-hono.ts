import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTriggerKitHandler, toFetchHandler } from '@triggerkit/core';

const triggerKit = createTriggerKitHandler({
  config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] },
});
const braze = toFetchHandler(triggerKit.handle, { basePath: '/braze' });

const app = new Hono();
app.all('/braze/*', (c) => braze(c.req.raw));

serve({ fetch: app.fetch, port: 3000 });
