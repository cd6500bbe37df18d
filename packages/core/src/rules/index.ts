export * from './safe-regex.rules';
