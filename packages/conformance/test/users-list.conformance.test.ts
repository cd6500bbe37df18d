import { beforeEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest } from './support/assertions';
import { serve } from './support/host-session';

interface Listed {
  external_id?: string;
  braze_id: string;
  user_aliases: { alias_name: string; alias_label: string }[];
  subscription_groups: unknown[];
}
type Page = { users: Listed[]; next_after?: string };

describe.each(HOSTS)('endpoints spec 14.5, GET /_mock/users: $name', (host) => {
  const { send } = serve(host);
  const get = async (path: string) => send('GET', path, { key: KEYS.all });

  beforeEach(async () => {
    expect((await send('POST', '/_mock/reset', { key: KEYS.all, body: {} })).status).toBe(200);
    // A guest known only by an alias, as a checkout creates one.
    const guest = await send('POST', '/users/track', { key: KEYS.all, body: { attributes: [{ user_alias: { alias_name: 'guest-7', alias_label: 'checkout' }, _update_existing_only: false, email: 'guest7@example.com' }] } });
    expect(guest.status, guest.text).toBe(201);
  });

  it('lists every visible profile in creation order, paged by next_after, alias-only ones included', async () => {
    const first = (await get('/_mock/users?limit=3')).json as Page;
    expect(first.users.map((user) => user.external_id ?? null)).toEqual(['ann', 'bob', 'cat']);
    expect(first.next_after).toEqual(expect.any(String));
    const second = (await get(`/_mock/users?limit=3&after=${first.next_after ?? ''}`)).json as Page;
    expect(second.users.map((user) => user.external_id ?? user.user_aliases[0]?.alias_name)).toEqual(['dan', 'guest-7']);
    expect(second.next_after).toBeUndefined();
    expect(second.users[1]).toMatchObject({ braze_id: expect.any(String), subscription_groups: [], attributes: { email: 'guest7@example.com' } });
  });

  it('finds profiles by alias, email, phone or braze_id; several filters must all match', async () => {
    const byAlias = (await get('/_mock/users?alias_label=checkout&alias_name=guest-7')).json as Page;
    expect(byAlias.users).toHaveLength(1);
    const brazeId = byAlias.users[0]?.braze_id ?? '';
    expect(((await get(`/_mock/users?braze_id=${brazeId}`)).json as Page).users.map((user) => user.braze_id)).toEqual([brazeId]);
    expect(((await get('/_mock/users?email=GUEST7@example.com')).json as Page).users.map((user) => user.braze_id)).toEqual([brazeId]);
    expect(((await get(`/_mock/users?email=ann@example.com&braze_id=${brazeId}`)).json as Page).users).toEqual([]);
    expect(((await get('/_mock/users?phone=%2B10000000')).json as Page).users).toEqual([]);
  });

  it('refuses half an alias and a foreign cursor', async () => {
    expectBadRequest(await get('/_mock/users?alias_label=checkout'), 'Bad Request', ['query.alias_name: required with alias_label']);
    expectBadRequest(await get('/_mock/users?after=abc'), 'Bad Request', ['query.after: must be a next_after of this list']);
    expectBadRequest(await get('/_mock/users?limit=0'), 'Bad Request', ['query.limit: must be an integer from 1 to 1000']);
  });
});
