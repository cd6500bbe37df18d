/** Building blocks of the server engine: rendering, workspace keys and limits, propagation, and support ports. */
export * from './render/liquid.renderer';
export * from './render/config-templates.check';
export * from './workspace/api-keys';
export * from './workspace/fixed-window.rate-limiter';
export * from './propagation/propagation-delays';
export * from './support/clock';
export * from './support/ids';
export * from './support/seeded-random';
