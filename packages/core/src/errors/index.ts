export * from './triggerkit.errors';
