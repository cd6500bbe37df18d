import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import { triggerKitRouter } from '@triggerkit/express';

const require = createRequire(import.meta.url);
const adapterRequire = createRequire(require.resolve('@triggerkit/express/package.json'));

/** The Express major this host runs, as the app sees it and as the adapter resolves it. */
export const framework = {
  name: 'express',
  version: (require('express/package.json') as { version: string }).version,
  versionSeenByAdapter: (adapterRequire('express/package.json') as { version: string }).version,
};

/** Mounts triggerkit under /braze, before the app's own JSON parser, and listens on 127.0.0.1:0. */
export async function startHost(options: TriggerKitHandlerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const router = triggerKitRouter(options);
  const app = express();
  app.use('/braze', router);
  app.use(express.json());
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/braze`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await router.close();
    },
  };
}
