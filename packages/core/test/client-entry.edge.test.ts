import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build, type Metafile } from 'esbuild';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createTriggerKitHandler, listen, type ListeningServer } from '../src/index';

// `@triggerkit/core/client` must run wherever `fetch` exists. Bundled for esbuild's `neutral` platform
// (no Node built-ins, no Node resolution defaults), any `node:*` import fails the build; run in a
// context that has only web-standard globals, any use of `process`, `Buffer` or `require` fails the call.
const entry = join(import.meta.dirname, '..', 'src', 'client.ts');

async function bundleClient(): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'triggerkit',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'browser', 'import', 'default'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]?.text ?? '', metafile: result.metafile };
}

/** What an edge runtime offers: the fetch standard, timers, encoders, URL, streams, crypto.getRandomValues. */
function edgeGlobals(): Record<string, unknown> {
  const names = ['fetch', 'Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder', 'ReadableStream', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'structuredClone', 'crypto', 'console', 'DOMException', 'Event', 'EventTarget'] as const;
  return Object.fromEntries(names.map((name) => [name, globalThis[name]]));
}

const config = { workspaces: [{ name: 'edge', api_keys: [{ key: 'edge-key', permissions: ['campaigns.trigger.send' as const] }], campaigns: [{ id: 'welcome', channel: 'email' as const, message: { subject: 'Hi', body: 'Hello' } }], users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com' } }] }] };

describe('@triggerkit/core/client in a non-Node runtime', () => {
  let bundled: { code: string; metafile: Metafile };
  let server: ListeningServer;
  const core = createTriggerKitHandler({ config, logger: { error: () => undefined } });

  beforeAll(async () => {
    bundled = await bundleClient();
    server = await listen(core.handle);
  });
  afterAll(async () => {
    await server.close();
    await core.close();
  });

  it('bundles for the neutral platform: no node:* import anywhere in its graph', () => {
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((input) => input.startsWith('node:') || input.includes('node-listener'))).toEqual([]);
    expect(bundled.code).not.toMatch(/require\(["']node:/);
  });

  it('sends, validates and maps errors with web-standard globals only (Node’s fetch, no process, Buffer or require)', async () => {
    const context = createContext({ ...edgeGlobals(), baseUrl: server.url });
    expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe('undefinedundefinedundefined');
    runInContext(bundled.code, context);
    const outcome = await runInContext(
      `(async () => {
        const { TriggerKitClient, TriggerKitError, validateCampaignTriggerSend } = triggerkit;
        const client = new TriggerKitClient({ baseUrl, apiKey: 'edge-key', retry: false });
        const sent = await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: 'u-1' }] });
        const rejected = await client.campaigns.triggerSend({ campaign_id: 'missing', recipients: [{ external_user_id: 'u-1' }] }).catch((error) => error);
        const invalid = validateCampaignTriggerSend({ recipients: [] });
        return { sent: sent.message, rejected: [rejected instanceof TriggerKitError, rejected.httpStatus, rejected.message], invalid: invalid.ok };
      })()`,
      context,
    );
    expect(outcome).toEqual({ sent: 'success', rejected: [true, 400, 'Campaign does not exist'], invalid: false });
  });
});
