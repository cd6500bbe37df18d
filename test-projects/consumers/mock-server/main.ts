import { createServer } from 'node:net';
import { TriggerKitClient, type MockServerConfigInput } from '@triggerkit/core';
import { MockServerStartError, startMockServer, type StartMockServerOptions } from '@triggerkit/mock-server';
import { API_KEY, config, fail, report } from './shared.config.js';

// A test suite's use of @triggerkit/mock-server: start it in-process on a free port with an inline
// configuration, send through the client, read what was "sent", close. Compiled twice by the
// harness, as ESM and as CommonJS.
const withInspection: MockServerConfigInput = {
  workspaces: config.workspaces.map((workspace) => ({ ...workspace, api_keys: [{ key: API_KEY, permissions: ['campaigns.trigger.send', 'mock.inspect'] }] })),
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const options: StartMockServerOptions = { config: withInspection };
  const mock = await startMockServer(options);
  let sent: { message: string; dispatch_id: string };
  let messages: { content: Record<string, string> }[];
  try {
    const client = new TriggerKitClient({ baseUrl: mock.url, apiKey: API_KEY, retry: false });
    sent = await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
    const answer = await fetch(`${mock.url}/_mock/messages?dispatch_id=${sent.dispatch_id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    ({ messages } = (await answer.json()) as { messages: { content: Record<string, string> }[] });
  } finally {
    await mock.close();
  }
  const demo = await startMockServer();
  const health = await fetch(`${demo.url}/_mock/health`);
  await demo.close();
  const rejected = await startMockServer({ config: { workspaces: [{ name: 'w', campaings: [] }] } as unknown as MockServerConfigInput }).then(
    () => ({ thrown: false }),
    (error: unknown) => ({ thrown: true, isStartError: error instanceof MockServerStartError, problems: error instanceof MockServerStartError ? error.problems : [] }),
  );
  report({
    url: /^http:\/\/127\.0\.0\.1:\d+$/.test(mock.url),
    sent: { message: sent.message, hasDispatchId: sent.dispatch_id.length > 0 },
    messages: messages.map(({ content }) => ({ subject: content.subject, body: content.body })),
    portFreeAfterClose: await portIsFree(mock.port),
    demo: { keys: demo.demoKeys, health: health.status },
    rejected,
  });
}

main().catch(fail);
