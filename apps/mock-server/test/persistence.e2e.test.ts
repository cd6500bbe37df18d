import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, tempDir } from './bin.helper.ts';

beforeAll(requireBuiltBin);

describe.each(['express', 'nestjs', 'fastify', 'nestjs-fastify'] as const)('--db with --adapter %s', (adapter) => {
  it('keeps users, messages and dispatches across a restart', async () => {
    const db = join(tempDir(), 'mock.db');
    const first = await startBin(['--adapter', adapter, '--port', '0', '--db', db]);
    let dispatchId = '';
    try {
      expect(first.logs().find((line) => line.msg.startsWith('listening on'))).toMatchObject({ store: db });
      const sent = await call(first.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, {
        campaign_id: 'order-confirmation',
        trigger_properties: { order_id: 'o-77' },
        recipients: [
          { external_user_id: 'kim', send_to_existing_only: false, attributes: { first_name: 'Kim', email: 'kim@example.com' } },
          { external_user_id: 'ghost' },
        ],
      });
      expect(sent.status).toBe(201);
      dispatchId = String(sent.body.dispatch_id);
      const tracked = await call(first.url, 'POST', '/users/track', DEMO_KEY, { attributes: [{ external_id: 'kim', plan: 'gold' }, { external_id: 'ann', first_name: 'Annie' }] });
      expect(tracked.status).toBe(201);
    } finally {
      expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    expect(existsSync(db)).toBe(true);

    const second = await startBin(['--adapter', adapter, '--port', '0', '--db', db]);
    try {
      const user = await call(second.url, 'GET', '/_mock/users/kim', DEMO_KEY);
      expect(user).toMatchObject({ status: 200, body: { external_id: 'kim', attributes: { first_name: 'Kim', plan: 'gold' } } });
      const messages = await call(second.url, 'GET', '/_mock/messages?external_user_id=kim', DEMO_KEY);
      expect(messages.body.messages).toEqual([
        expect.objectContaining({ dispatch_id: dispatchId, content: expect.objectContaining({ subject: 'Order o-77 confirmed' }) }),
      ]);
      const dispatch = await call(second.url, 'GET', `/_mock/dispatches/${encodeURIComponent(dispatchId)}`, DEMO_KEY);
      expect(dispatch.body.recipients).toEqual([
        expect.objectContaining({ outcome: 'sent', created: true }),
        expect.objectContaining({ outcome: 'skipped', reason: 'user_not_found' }),
      ]);
      // Seed users are saved only into an empty workspace, so a restart does not undo changes to them.
      const seeded = await call(second.url, 'GET', '/_mock/users/ann', DEMO_KEY);
      expect(seeded).toMatchObject({ status: 200, body: { attributes: { first_name: 'Annie', gender: 'F' } } });
    } finally {
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
  });
});

describe('--db that cannot be opened', () => {
  it('exits 1 with the reason', async () => {
    await expect(startBin(['--port', '0', '--db', '/nonexistent-dir/x/mock.db'])).rejects.toThrow(/exited before listening \(code 1[\s\S]*cannot start/);
  });
});
