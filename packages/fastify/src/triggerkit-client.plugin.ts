import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { TriggerKitClient, type TriggerKitClientOptions } from '@triggerkit/core';

/**
 * The client's public surface, as a structural type: the ESM and the CommonJS declarations of this
 * package each augment `fastify`, and one program may load both (a class, with its private fields,
 * would then be two incompatible types for one property).
 */
export type TriggerKitDecorator = Pick<TriggerKitClient, keyof TriggerKitClient>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's one `TriggerKitClient`, decorated by `triggerKitClient`. */
    triggerKit: TriggerKitDecorator;
  }
}

/** Client options, or a client you built. */
export type TriggerKitClientPluginOptions = TriggerKitClientOptions | { client: TriggerKitClient };

/**
 * Decorates the Fastify instance with one `TriggerKitClient` (`fastify.triggerKit`), created once at
 * registration. Wrapped with `fastify-plugin`, so the decorator is visible to the app that registers
 * it and to every plugin registered after it, not only inside its own context.
 *
 * @example
 * await app.register(triggerKitClient, { apiKey: process.env.BRAZE_API_KEY!, instance: 'EU-01' });
 * app.post('/orders', async function () {
 *   await this.triggerKit.campaigns.triggerSend({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u-1' }] });
 * });
 */
export const triggerKitClient: FastifyPluginAsync<TriggerKitClientPluginOptions> = markShared(decorateClient, { fastify: '4.x || 5.x', name: '@triggerkit/fastify/client' });

/**
 * fastify-plugin marks the function it is given and returns it. Its declarations import whichever
 * `fastify` TypeScript resolves for it first (two majors in one program, as in the conformance hosts,
 * make that the wrong one), so the plugin keeps the type this package's own `fastify` gives it.
 */
function markShared<Plugin>(plugin: Plugin, meta: { fastify: string; name: string }): Plugin {
  return (fp as unknown as (fn: Plugin, options: typeof meta) => Plugin)(plugin, meta);
}

async function decorateClient(fastify: FastifyInstance, options: TriggerKitClientPluginOptions): Promise<void> {
  fastify.decorate('triggerKit', 'client' in options ? options.client : new TriggerKitClient(options));
}
