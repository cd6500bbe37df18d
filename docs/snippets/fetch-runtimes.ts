import { createTriggerKitHandler, toFetchHandler } from '@triggerkit/core';

const triggerKit = createTriggerKitHandler({
  config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send'] }] }] },
});
const fetchHandler = toFetchHandler(triggerKit.handle);

// Bun (`Bun.serve({ fetch: fetchHandler })`), Deno (`Deno.serve(fetchHandler)`) and Cloudflare Workers
// (with the nodejs_compat flag) take the handler as it is:
export default { fetch: fetchHandler };

// A Next.js route handler under app/braze/[...path]/route.ts:
const underBraze = toFetchHandler(triggerKit.handle, { basePath: '/braze' });
export const GET = underBraze;
export const POST = underBraze;
export const PUT = underBraze;
export const DELETE = underBraze;
