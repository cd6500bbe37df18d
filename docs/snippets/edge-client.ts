import { RateLimitedError, TriggerKitClient } from '@triggerkit/core/client';

interface Env {
  BRAZE_API_KEY: string;
}

// A Cloudflare Worker that triggers a campaign: only the client entry, which needs nothing but `fetch`.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const client = new TriggerKitClient({ apiKey: env.BRAZE_API_KEY, instance: 'EU-01' });
    const { userId } = (await request.json()) as { userId: string };
    try {
      const sent = await client.campaigns.triggerSend({ campaign_id: 'welcome', recipients: [{ external_user_id: userId }] });
      return Response.json(sent, { status: 201 });
    } catch (error) {
      if (error instanceof RateLimitedError) return Response.json({ retryAfterSeconds: error.retryAfterSeconds }, { status: 503 });
      throw error;
    }
  },
};
