export * from './validation-result';
export * from './request-body.validation';
export * from './nesting-depth.validation';
export * from './trigger-send.validation';
export * from './canvas-trigger-send.validation';
export * from './users-track.validation';
export * from './sends-id-create.validation';
export * from './mock-config.validation';
