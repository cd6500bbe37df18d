/**
 * @triggerkit/fastify: Fastify plugins over @triggerkit/core — the Braze endpoints served under a
 * prefix, and a client decorator.
 */
export { triggerKitServer, type TriggerKitServerOptions } from './triggerkit.plugin';
export { triggerKitClient, type TriggerKitClientPluginOptions, type TriggerKitDecorator } from './triggerkit-client.plugin';
