import type { Server } from 'node:http';
import { createTriggerKitHandler, toFetchHandler, type TriggerKitHandlerOptions } from '@triggerkit/core';
import { frameworkInfo } from './framework-info';
import { closeServer, type HostModule } from './host.types';

type FetchApp = { fetch: (request: Request) => Response | Promise<Response> };
interface HonoApp extends FetchApp {
  all(path: string, handler: (c: { req: { raw: Request } }) => Promise<Response>): unknown;
  post(path: string, handler: (c: { req: { json(): Promise<unknown> }; json(body: unknown): Response }) => Promise<Response>): unknown;
}
type Serve = (options: { fetch: FetchApp['fetch']; port: number; hostname: string }, listening: (info: { port: number }) => void) => unknown;

/** The host's `Hono` and `@hono/node-server`'s `serve` (a fetch handler on node:http). */
export interface FetchHostParts {
  hostUrl: string;
  Hono: unknown;
  serve: unknown;
}

/** Core's fetch handler (`toFetchHandler`) in a Hono app under /braze, served by @hono/node-server on 127.0.0.1:0. */
export function fetchHost({ hostUrl, ...given }: FetchHostParts): HostModule {
  const Hono = given.Hono as new () => HonoApp;
  const serve = given.serve as Serve;
  return {
    framework: frameworkInfo(hostUrl, 'hono'),
    async startHost(options: TriggerKitHandlerOptions) {
      const triggerKit = createTriggerKitHandler(options);
      const braze = toFetchHandler(triggerKit.handle, { basePath: '/braze' });
      const app = new Hono();
      app.post('/echo', async (c) => c.json(await c.req.json()));
      app.all('/braze', (c) => braze(c.req.raw));
      app.all('/braze/*', (c) => braze(c.req.raw));
      let server: Server | undefined;
      const port = await new Promise<number>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port)) as Server;
      });
      return {
        url: `http://127.0.0.1:${port}/braze`,
        async close() {
          if (server !== undefined) await closeServer(server);
          await triggerKit.close();
        },
      };
    },
  };
}
