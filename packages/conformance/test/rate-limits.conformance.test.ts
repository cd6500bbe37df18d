import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { FIXED_NOW_MS, KEYS, LIMITED, fixedClock } from './support/conformance.fixtures';
import { expectJson } from './support/assertions';
import type { Exchange } from './support/http-exchange';
import { serve } from './support/host-session';

const nowSeconds = FIXED_NOW_MS / 1000;
/** End of the fixed window (aligned to multiples of its length since the epoch) holding FIXED_NOW_MS. */
const windowEnd = (windowSeconds: number) => Math.floor(nowSeconds / windowSeconds) * windowSeconds + windowSeconds;

function rateLimitHeaders(exchange: Exchange) {
  return {
    limit: exchange.headers.get('x-ratelimit-limit'),
    remaining: exchange.headers.get('x-ratelimit-remaining'),
    reset: exchange.headers.get('x-ratelimit-reset'),
  };
}

describe.each(HOSTS)('spec 5, rate limits: $name', (host) => {
  const { send } = serve(host, { clock: fixedClock });
  const post = (path: string, body: unknown, key: string = KEYS.limited) => send('POST', path, { key, body });
  const recipientsTrigger = { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }] };

  it('counts trigger requests (a 400 too, not a 401), then answers 429 with Retry-After and nothing processed', async () => {
    const { limit, window_seconds } = LIMITED.trigger;
    const reset = String(windowEnd(window_seconds));
    const first = await post('/campaigns/trigger/send', recipientsTrigger);
    expect(first.status).toBe(201);
    expect(rateLimitHeaders(first)).toEqual({ limit: String(limit), remaining: String(limit - 1), reset });

    expect((await send('POST', '/campaigns/trigger/send', { key: 'unknown', body: recipientsTrigger })).status).toBe(401);
    const invalid = await post('/canvas/trigger/send', { canvas_id: 'nope', recipients: [{ external_user_id: 'ann' }] });
    expect(invalid.status).toBe(400);
    expect(rateLimitHeaders(invalid)).toEqual({ limit: String(limit), remaining: String(limit - 2), reset });

    const last = await post('/campaigns/trigger/send', recipientsTrigger);
    expect(rateLimitHeaders(last)).toEqual({ limit: String(limit), remaining: '0', reset });

    const limited = await post('/campaigns/trigger/send', {
      campaign_id: 'welcome',
      recipients: [{ external_user_id: 'over-limit', send_to_existing_only: false, attributes: { email: 'o@example.com' } }],
    });
    expectJson(limited, 429, { message: 'Rate limit exceeded' });
    expect(rateLimitHeaders(limited)).toEqual({ limit: String(limit), remaining: '0', reset });
    expect(limited.headers.get('retry-after')).toBe(String(windowEnd(window_seconds) - nowSeconds));
    expect((await send('GET', '/_mock/users/over-limit', { key: KEYS.limited })).status).toBe(404);
  });

  it('gives broadcast and audience requests their own, lower limit', async () => {
    const { limit, window_seconds } = LIMITED.broadcast;
    const first = await post('/campaigns/trigger/send', { campaign_id: 'welcome', broadcast: true });
    expect(first.status).toBe(201);
    expect(rateLimitHeaders(first)).toEqual({ limit: String(limit), remaining: '0', reset: String(windowEnd(window_seconds)) });
    const audience = { custom_attribute: { custom_attribute_name: 'plan', comparison: 'exists' } };
    const second = await post('/campaigns/trigger/send', { ...recipientsTrigger, audience });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe(String(windowEnd(window_seconds) - nowSeconds));
  });

  it('limits /users/track on its own window', async () => {
    const { limit, window_seconds } = LIMITED.users_track;
    const body = { attributes: [{ external_id: 'ann', first_name: 'Ann' }] };
    const first = await post('/users/track', body);
    expect(first.status).toBe(201);
    expect(rateLimitHeaders(first)).toEqual({ limit: String(limit), remaining: String(limit - 1), reset: String(windowEnd(window_seconds)) });
    expect((await post('/users/track', body)).status).toBe(201);
    expectJson(await post('/users/track', body), 429, { message: 'Rate limit exceeded' });
  });

  it('limits /sends/id/create per send id', async () => {
    const first = await post('/sends/id/create', { campaign_id: 'welcome' });
    expect(first.status).toBe(201);
    expect(rateLimitHeaders(first)).toMatchObject({ limit: String(LIMITED.send_ids.limit), remaining: '0' });
    expect((await post('/sends/id/create', { campaign_id: 'welcome' })).status).toBe(429);
  });

  it('puts rate-limit headers on a 403, and never limits /_mock', async () => {
    const forbidden = await send('POST', '/campaigns/trigger/send', { key: KEYS.trackOnly, body: recipientsTrigger });
    expect(forbidden.status).toBe(403);
    expect(rateLimitHeaders(forbidden).limit).toBe('250000');
    for (let i = 0; i < 5; i += 1) expect((await send('GET', '/_mock/messages', { key: KEYS.limited })).status).toBe(200);
  });
});
