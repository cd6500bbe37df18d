import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contractMockServerConfig, verifyAgainstMockServer } from '@triggerkit/contracts';

writeFileSync('contract-mock.json', JSON.stringify(contractMockServerConfig()));
// triggerkit-mock --config contract-mock.json --port 4599 &
await verifyAgainstMockServer({ providerBaseUrl: 'http://127.0.0.1:4599', pactUrls: [resolve('pacts/shop-backend-braze-rest-api.json')] });
