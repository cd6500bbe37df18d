import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import { frameworkInfo } from './framework-info';
import { closeServer, type HostModule } from './host.types';

type Middleware = (...args: never[]) => unknown;
interface ExpressApp {
  use(path: string | Middleware, ...handlers: Middleware[]): unknown;
  post(path: string, handler: (req: { body: unknown }, res: { json(body: unknown): unknown }) => void): unknown;
  listen(port: number, host: string, ready: () => void): Server;
}
type Express = (() => ExpressApp) & { json(): Middleware };
type RouterFactory = (options: TriggerKitHandlerOptions) => Middleware & { close(): Promise<void> };

/** The host's own `express` (default export) and `@triggerkit/express`'s `triggerKitRouter`, typed by the host's major. */
export interface ExpressHostParts {
  hostUrl: string;
  express: unknown;
  triggerKitRouter: unknown;
}

/** The Express router under /braze, mounted before the app's own JSON parser (which an /echo route uses). */
export function expressHost(parts: ExpressHostParts): HostModule {
  const { hostUrl } = parts;
  const express = parts.express as Express;
  const triggerKitRouter = parts.triggerKitRouter as RouterFactory;
  return {
    framework: frameworkInfo(hostUrl, 'express', { name: '@triggerkit/express' }),
    async startHost(options) {
      const router = triggerKitRouter(options);
      const app = express();
      app.use('/braze', router);
      app.use(express.json());
      app.post('/echo', (req, res) => res.json(req.body));
      const server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/braze`,
        async close() {
          await closeServer(server);
          await router.close();
        },
      };
    },
  };
}
