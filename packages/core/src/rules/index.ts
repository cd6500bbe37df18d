export * from './safe-regex.rules';
export * from './iso-time.rules';
export * from './attributes.rules';
export * from './audience.rules';
export * from './reachability.rules';
export * from './recipients.rules';
export * from './trigger-properties.rules';
export * from './request-validation';
