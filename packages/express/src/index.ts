/**
 * @triggerkit/express: Express middleware over @triggerkit/core — a client on every request, and a
 * router serving the Braze endpoints.
 */
export { brazeErrorHandler, triggerKit, type TriggerKitRequest } from './triggerkit.middleware';
export { triggerKitRouter, type TriggerKitRouter, type TriggerKitRouterOptions } from './triggerkit.router';
