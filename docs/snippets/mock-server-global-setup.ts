// test/braze-mock.setup.ts — in vitest.config.ts: test: { globalSetup: ['./test/braze-mock.setup.ts'] }
import { startMockServer } from '@triggerkit/mock-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    brazeMockUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMockServer({
    config: {
      workspaces: [
        {
          name: 'test',
          api_keys: [{ key: 'test-key', permissions: ['campaigns.trigger.send', 'users.track', 'mock.inspect'] }],
          campaigns: [{ id: 'order-confirmation', status: 'active', channel: 'email', message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: 'Hi {{${first_name}}}' } }],
        },
      ],
    },
  });
  project.provide('brazeMockUrl', mock.url);
  return () => mock.close();
}
