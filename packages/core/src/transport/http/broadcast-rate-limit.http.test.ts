import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../../engine/support/clock';
import type { MockServerConfigInput } from '../../schema/mock-config.schema';
import type { HttpResponse } from './http.types';
import { createTriggerKitHandler, type TriggerKitHandler } from './triggerkit.handler';

// Spec 5, Rev 2: the per-unique-audience limit beside the class limit, on the handler itself.
const START = Date.UTC(2026, 0, 1, 12, 0, 10);
const WINDOW_END = START / 1000 - 10 + 60;

const config: MockServerConfigInput = {
  workspaces: [
    {
      name: 'acme',
      api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'canvas.trigger.send'] }],
      rate_limits: { broadcast: { limit: 5, window_seconds: 60 }, broadcast_per_audience: { limit: 2, window_seconds: 60 } },
      campaigns: [
        { id: 'news', channel: 'email', message: { subject: 's', body: 'b' } },
        { id: 'sale', channel: 'email', message: { subject: 's', body: 'b' } },
      ],
      canvases: [{ id: 'news', channel: 'push', message: { title: 't', body: 'b' } }],
    },
  ],
};

const plan = (value: string) => ({ custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value } });

let clock: ManualClock;
let server: TriggerKitHandler;

beforeEach(() => {
  clock = manualClock(START);
  server = createTriggerKitHandler({ config, clock, logger: { error: () => {} } });
});

afterEach(async () => {
  await server.close();
});

function send(body: unknown, path = '/campaigns/trigger/send'): Promise<HttpResponse> {
  return server.handle({ method: 'POST', path, headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, rawBody: JSON.stringify(body) });
}

const limitHeaders = (response: HttpResponse) => ({
  status: response.status,
  limit: response.headers['x-ratelimit-limit'],
  remaining: response.headers['x-ratelimit-remaining'],
  retryAfter: response.headers['retry-after'],
});

describe('broadcast rate limits: per unique audience (spec 5, Rev 2)', () => {
  it('limits one audience of one campaign, answering with that window when it has fewer left', async () => {
    const body = { campaign_id: 'news', broadcast: true, audience: plan('pro') };
    expect(limitHeaders(await send(body))).toEqual({ status: 201, limit: '2', remaining: '1', retryAfter: undefined });
    expect(limitHeaders(await send(body))).toEqual({ status: 201, limit: '2', remaining: '0', retryAfter: undefined });
    const refused = await send(body);
    expect(limitHeaders(refused)).toEqual({ status: 429, limit: '2', remaining: '0', retryAfter: '50' });
    expect(refused.headers['x-ratelimit-reset']).toBe(String(WINDOW_END));
    expect(JSON.parse(refused.body)).toEqual({ message: 'Rate limit exceeded' });
  });

  it('compares audiences as JSON with sorted keys; campaign, canvas and a missing audience are audiences of their own', async () => {
    const sorted = { campaign_id: 'news', broadcast: true, audience: { AND: [{ custom_attribute: { comparison: 'exists', custom_attribute_name: 'plan' } }] } };
    const reordered = { broadcast: true, audience: { AND: [{ custom_attribute: { custom_attribute_name: 'plan', comparison: 'exists' } }] }, campaign_id: 'news' };
    await send(sorted);
    await send(reordered);
    expect((await send(sorted)).status).toBe(429);
    // the same audience on another campaign, on the canvas of the same id, and no audience at all: each has its own window
    expect(limitHeaders(await send({ ...sorted, campaign_id: 'sale' }))).toMatchObject({ status: 201, limit: '2', remaining: '1' });
    expect(limitHeaders(await send({ canvas_id: 'news', broadcast: true, audience: sorted.audience }, '/canvas/trigger/send'))).toMatchObject({ status: 201, limit: '2', remaining: '1' });
    // four counted so far of the class's 5: the class window has 0 left after this one, fewer than the audience's 1
    expect(limitHeaders(await send({ campaign_id: 'news', broadcast: true }))).toMatchObject({ status: 201, limit: '5', remaining: '0' });
  });

  it('a refused request counts in neither window', async () => {
    const body = { campaign_id: 'news', broadcast: true, audience: plan('pro') };
    await send(body);
    await send(body);
    for (let i = 0; i < 3; i += 1) expect((await send(body)).status).toBe(429);
    // 2 of the class's 5 were counted, the refusals were not: 3 more audiences fit, the 4th does not
    for (const value of ['b', 'c', 'd']) expect((await send({ ...body, audience: plan(value) })).status).toBe(201);
    expect(limitHeaders(await send({ ...body, audience: plan('e') }))).toMatchObject({ status: 429, limit: '5', remaining: '0' });
  });

  it('answers 429 when the class limit is hit first, whatever the audience', async () => {
    for (const value of ['a', 'b', 'c', 'd', 'e']) expect((await send({ campaign_id: 'news', audience: plan(value), recipients: undefined, broadcast: true })).status).toBe(201);
    const refused = await send({ campaign_id: 'news', broadcast: true, audience: plan('f') });
    expect(limitHeaders(refused)).toEqual({ status: 429, limit: '5', remaining: '0', retryAfter: '50' });
  });

  it('shows the per-audience window on a tie, and counts an audience request with recipients as a broadcast', async () => {
    const tie = createTriggerKitHandler({
      config: { workspaces: [{ ...config.workspaces[0]!, rate_limits: { broadcast: { limit: 3, window_seconds: 60 }, broadcast_per_audience: { limit: 3, window_seconds: 3600 } } }] },
      clock,
    });
    const answer = await tie.handle({
      method: 'POST',
      path: '/campaigns/trigger/send',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      rawBody: JSON.stringify({ campaign_id: 'news', audience: plan('x'), recipients: [{ external_user_id: 'u' }] }),
    });
    expect(answer.status).toBe(201);
    expect([answer.headers['x-ratelimit-limit'], answer.headers['x-ratelimit-remaining'], answer.headers['x-ratelimit-reset']]).toEqual(['3', '2', String(Math.ceil(START / 3_600_000) * 3600)]);
    await tie.close();
  });

  it('opens fresh windows when the minute rolls over', async () => {
    const body = { campaign_id: 'news', broadcast: true, audience: plan('pro') };
    await send(body);
    await send(body);
    expect((await send(body)).status).toBe(429);
    clock.advance(50_000);
    expect(limitHeaders(await send(body))).toMatchObject({ status: 201, remaining: '1' });
  });
});
