export * from './triggerkit.errors';
export * from './braze-failure';
