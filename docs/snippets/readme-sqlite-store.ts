import { createTriggerKitHandler, type MockServerConfigInput } from '@triggerkit/core';
import { createSqliteStore } from '@triggerkit/store-sqlite';

const config: MockServerConfigInput = { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] };
export const server = createTriggerKitHandler({ config, store: createSqliteStore('./triggerkit.db') });
