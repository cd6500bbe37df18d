import { createTriggerKitHandler, listen } from '@triggerkit/core';

const server = createTriggerKitHandler({
  config: { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'mock.inspect'] }], campaigns: [] }] },
});
const { url, close } = await listen(server.handle, { port: 4010 });
console.log(`serving on ${url}`);
process.once('SIGTERM', () => void close().then(() => server.close()));
