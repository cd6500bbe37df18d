import Fastify from 'fastify';
import { createTriggerKitHandler } from '@triggerkit/core';
import { triggerKitServer } from '@triggerkit/fastify';

// A core handler you own (and close): here with a 1 MB body limit instead of Braze's 4 MB.
const triggerKit = createTriggerKitHandler({ config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['users.track'] }] }] } });
const app = Fastify();
app.setErrorHandler((error, _request, reply) => {
  app.log.error(error); // the core handler answers every Braze error itself; this sees only the unexpected
  void reply.code(500).send({ message: 'Internal Server Error' });
});
await app.register(triggerKitServer, { prefix: '/braze', handler: triggerKit.handle, bodyLimit: 1024 * 1024 });
app.addHook('onClose', () => triggerKit.close());
