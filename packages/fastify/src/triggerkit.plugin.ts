import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createTriggerKitHandler, fromNodeRequest, type HttpHandler, type HttpResponse, type TriggerKitHandlerOptions } from '@triggerkit/core';

/**
 * Either everything `createTriggerKitHandler` takes, or a handler you created (and close) yourself;
 * `bodyLimit` (default 4 MB) is the largest body read before answering 413. Register it with a
 * `prefix` to choose where the endpoints live.
 */
export type TriggerKitServerOptions = (TriggerKitHandlerOptions | { handler: HttpHandler }) & { bodyLimit?: number };

/**
 * Serves the Braze endpoints (`/campaigns/trigger/send`, `/canvas/trigger/send`, `/users/track`,
 * `/sends/id/create`) and the `/_mock` inspection API through the core handler, under the prefix it
 * is registered with. It is an encapsulated plugin (no `fastify-plugin` wrapper) on purpose: inside
 * it every content-type parser is removed, so the body reaches the core handler byte for byte
 * whatever the rest of the app parses, and the 4 MB limit (413) is the core's. Unexpected errors go
 * to Fastify's error handler; the handler it created is closed with the app (`onClose`).
 *
 * @example
 * const app = Fastify();
 * await app.register(triggerKitServer, {
 *   prefix: '/braze',
 *   config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] },
 * });
 */
export const triggerKitServer: FastifyPluginAsync<TriggerKitServerOptions> = async (fastify, options) => {
  const { handle, close } = 'handler' in options ? { handle: options.handler, close: async () => {} } : createTriggerKitHandler(options);
  fastify.addHook('onClose', close);
  // Leave the stream unread: the core handler reads it with its own limit.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const url = relativeUrl(fastify, request.url);
    const response = await handle(await fromNodeRequest(request.raw, reply.raw, { url, bodyLimit: options.bodyLimit }));
    return send(request, reply, response);
  };
  fastify.all('/', serve);
  fastify.all('/*', serve);
};

function send(request: FastifyRequest, reply: FastifyReply, response: HttpResponse): void {
  if (response.dropConnection === true) {
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }
  // A string with a JSON content type is sent as it is: Fastify serializes nothing.
  void reply.code(response.status).headers(response.headers).send(response.body);
}

/** The request target below this plugin's prefix (`/braze/users/track?x` → `/users/track?x`). */
function relativeUrl(fastify: FastifyInstance, url: string): string {
  const { prefix } = fastify;
  if (prefix === '' || !url.startsWith(prefix)) return url;
  const rest = url.slice(prefix.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
