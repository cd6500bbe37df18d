import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, type RunningBin } from './bin.helper.ts';

beforeAll(requireBuiltBin);

/**
 * Found by the fuzz run (fuzz.e2e.test.ts): a Content-Type that is not a media type at all made
 * the Fastify host answer 500 (Fastify refuses it before the core handler runs). Every host must
 * answer it as spec 2 says, 415 with the JSON message, and process nothing.
 */
describe.each(['express', 'nestjs', 'fastify', 'nestjs-fastify'] as const)('the bin with --adapter %s', (adapter) => {
  let bin: RunningBin;

  beforeAll(async () => {
    bin = await startBin(['--adapter', adapter, '--port', '0']);
  });
  afterAll(async () => {
    await bin?.stop('SIGKILL');
  });

  it.each(['json', 'x', '/', 'application/', 'text/plain'])('answers Content-Type %j with 415 and processes nothing', async (contentType) => {
    for (const path of ['/users/track', '/campaigns/trigger/send']) {
      const response = await fetch(`${bin.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': contentType },
        body: JSON.stringify({ campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ct-user', send_to_existing_only: false, attributes: { first_name: 'C' } }], attributes: [{ external_id: 'ct-user', first_name: 'C' }] }),
      });
      expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 415, body: { message: 'Unsupported Media Type' } });
    }
    expect((await call(bin.url, 'GET', '/_mock/users/ct-user', DEMO_KEY)).status).toBe(404);
    expect(bin.logs().filter((line) => line.level >= 50)).toEqual([]);
  });
});
