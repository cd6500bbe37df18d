/**
 * @triggerkit/core: Braze-style API-triggered delivery, written once.
 * Schemas and rules (pure), the create-and-send engine, a typed client and a framework-neutral HTTP handler.
 */
export * from './errors';
export * from './schema';
export * from './rules';
export * from './engine';
export * from './transport/client';
export * from './transport/http';
