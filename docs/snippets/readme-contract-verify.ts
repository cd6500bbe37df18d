import { resolve } from 'node:path';
import { contractMockServerConfig, verifyAgainstMockServer } from '@triggerkit/contracts';
import { startMockServer } from '@triggerkit/mock-server';

const mock = await startMockServer({ config: contractMockServerConfig() });
try {
  await verifyAgainstMockServer({ providerBaseUrl: mock.url, pactUrls: [resolve('pacts/shop-backend-braze-rest-api.json')] });
} finally {
  await mock.close();
}
