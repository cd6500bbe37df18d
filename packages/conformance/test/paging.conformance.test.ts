import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectCreated } from './support/assertions';
import { serve } from './support/host-session';

interface MessagesPage {
  messages: { id: string; dispatch_id: string; recipient: { external_user_id?: string } }[];
  next_after?: string;
  next_before?: string;
}

interface RequestsPage {
  requests: { id: string; path: string; body: unknown; body_truncated?: true; body_bytes?: number }[];
  next_after?: string;
}

/** Small bounds, so retention and paging are reachable in a test. */
const MAX_MESSAGES = 6;
const journal = { maxEntries: 8, maxBytes: 64 * 1024, maxBodyBytes: 2_048 };

describe.each(HOSTS)('inspection lists: retention and paging (docs/inspection.md): $name', (host) => {
  const { send } = serve(host, { maxMessages: MAX_MESSAGES, journal });
  const inspect = async <T>(path: string) => (await send('GET', path, { key: KEYS.all })).json as T;

  it('pages messages oldest first with limit and after, saying where the next page starts', async () => {
    await send('POST', '/_mock/reset', { key: KEYS.all });
    expectCreated(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, body: { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }, { external_user_id: 'bob' }, { external_user_id: 'cat' }] } }));
    const first = await inspect<MessagesPage>('/_mock/messages?limit=2');
    expect(first.messages.map((m) => m.recipient.external_user_id)).toEqual(['ann', 'bob']);
    expect(first.next_after).toBe(first.messages[1]?.id);
    const second = await inspect<MessagesPage>(`/_mock/messages?limit=2&after=${first.next_after}`);
    expect(second.messages.map((m) => m.recipient.external_user_id)).toEqual(['cat']);
    expect(second).not.toHaveProperty('next_after');
    const newest = await inspect<MessagesPage>('/_mock/messages?order=newest&limit=2');
    expect(newest.messages.map((m) => m.recipient.external_user_id)).toEqual(['cat', 'bob']);
    expect(newest.next_before).toBe(newest.messages[1]?.id);
    const since = await inspect<MessagesPage>(`/_mock/messages?since=${encodeURIComponent('2000-01-01T00:00:00Z')}&external_user_id=bob`);
    expect(since.messages.map((m) => m.recipient.external_user_id)).toEqual(['bob']);
    const future = await inspect<MessagesPage>(`/_mock/messages?since=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(future.messages).toEqual([]);
  });

  it('keeps the newest messages and dispatches of the workspace; profiles stay', async () => {
    await send('POST', '/_mock/reset', { key: KEYS.all });
    const first = expectCreated(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, body: { campaign_id: 'welcome', recipients: [{ external_user_id: 'ann' }, { external_user_id: 'bob' }] } }));
    for (let i = 0; i < 3; i++) {
      expectCreated(
        await send('POST', '/campaigns/trigger/send', {
          key: KEYS.all,
          body: { campaign_id: 'welcome', recipients: [{ external_user_id: `kept-${i}`, send_to_existing_only: false, attributes: { email: `k${i}@example.com` } }, { external_user_id: 'cat' }] },
        }),
      );
    }
    const { messages } = await inspect<MessagesPage>('/_mock/messages?limit=1000');
    expect(messages).toHaveLength(MAX_MESSAGES);
    expect(messages.some((m) => m.dispatch_id === first.dispatch_id)).toBe(false);
    expect((await send('GET', `/_mock/dispatches/${first.dispatch_id}`, { key: KEYS.all })).status).toBe(200);
    for (let i = 0; i < MAX_MESSAGES; i++) await send('POST', '/campaigns/trigger/send', { key: KEYS.all, body: { campaign_id: 'welcome', recipients: [{ external_user_id: 'nobody' }] } });
    expect((await send('GET', `/_mock/dispatches/${first.dispatch_id}`, { key: KEYS.all })).status).toBe(404);
    expect((await send('GET', '/_mock/users/kept-0', { key: KEYS.all })).status).toBe(200);
  });

  it('rejects a bad limit, order or time, and a cursor it no longer holds, with query. errors', async () => {
    expectBadRequest(await send('GET', '/_mock/messages?limit=0', { key: KEYS.all }), 'Bad Request', ['query.limit: must be an integer from 1 to 1000']);
    expectBadRequest(await send('GET', '/_mock/messages?limit=1001', { key: KEYS.all }), 'Bad Request', ['query.limit: must be an integer from 1 to 1000']);
    expectBadRequest(await send('GET', '/_mock/messages?order=sideways&since=yesterday', { key: KEYS.all }), 'Bad Request', [
      'query.order: must be one of oldest, newest',
      'query.since: must be an ISO-8601 time',
    ]);
    expectBadRequest(await send('GET', '/_mock/messages?after=no-such-message', { key: KEYS.all }), 'Bad Request', [/^query\.after: No message with id no-such-message/]);
    expectBadRequest(await send('GET', '/_mock/requests?after=42', { key: KEYS.all }), 'Bad Request', ['query.after: must be a request id (req_<n>)']);
  });

  it('pages the journal, bounds it by entries and keeps big bodies truncated and flagged', async () => {
    await send('POST', '/_mock/reset', { key: KEYS.all });
    const big = { attributes: [{ external_id: 'big', note: 'x'.repeat(250) }], padding: 'y'.repeat(5_000) };
    await send('POST', '/users/track', { key: KEYS.all, body: big });
    for (let i = 0; i < 9; i++) await send('POST', '/users/track', { key: KEYS.all, body: { attributes: [{ external_id: `j-${i}`, n: i }] } });
    const all = await inspect<RequestsPage>('/_mock/requests?limit=1000');
    expect(all.requests).toHaveLength(journal.maxEntries);
    expect(all.requests.map((r) => (r.body as { attributes: { external_id: string }[] }).attributes[0]?.external_id)).toEqual(['j-1', 'j-2', 'j-3', 'j-4', 'j-5', 'j-6', 'j-7', 'j-8']);
    const page = await inspect<RequestsPage>('/_mock/requests?limit=3');
    expect(page.next_after).toBe(page.requests[2]?.id);
    const next = await inspect<RequestsPage>(`/_mock/requests?limit=3&after=${page.next_after}`);
    expect(next.requests[0]?.id).toBe(all.requests[3]?.id);

    await send('POST', '/_mock/reset', { key: KEYS.all });
    await send('POST', '/users/track', { key: KEYS.all, body: big });
    const [entry] = (await inspect<RequestsPage>('/_mock/requests')).requests;
    expect(entry).toMatchObject({ body_truncated: true, body_bytes: JSON.stringify(big).length });
    expect(typeof entry?.body).toBe('string');
    expect(JSON.stringify(big).startsWith(entry?.body as string)).toBe(true);
  });
});
