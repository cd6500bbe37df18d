import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxMiddleware, INBOX_CONTENT_SECURITY_POLICY } from './inbox.static.ts';
import { PUBLIC_DIR } from './public-dir.ts';

let url = '';
const server = createServer((req, res) =>
  createInboxMiddleware(PUBLIC_DIR)(req, res, () => {
    res.statusCode = 418;
    res.end('next');
  }),
);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the inbox page files', () => {
  it.each(['/_mock/ui', '/_mock/ui/', '/_mock/ui?x=1'])('%s is the page, with a strict policy', async (path) => {
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(INBOX_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<script type="module" src="/_mock/ui/inbox.js"></script>');
  });

  it('allows scripts only from the page origin', () => {
    const scriptSrc = INBOX_CONTENT_SECURITY_POLICY.split('; ').find((directive) => directive.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(INBOX_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });

  it.each([
    ['/_mock/ui/inbox.js', 'text/javascript; charset=utf-8'],
    ['/_mock/ui/inbox.css', 'text/css; charset=utf-8'],
    ['/_mock/ui/favicon.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('serves every file shipped in public/, each with the policy', async () => {
    for (const name of readdirSync(PUBLIC_DIR)) {
      const response = await fetch(`${url}/_mock/ui/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(INBOX_CONTENT_SECURITY_POLICY);
    }
  });

  it.each(['/_mock/ui/../../package.json', '/_mock/ui/%2e%2e/demo.config.json', '/_mock/ui/nope.js', '/_mock/ui/public/inbox.js'])(
    'answers 404 for %s',
    async (path) => {
      const response = await fetch(`${url}${path}`);
      // fetch normalises literal dot segments, so the first path may also leave /_mock/ui entirely.
      expect([404, 418]).toContain(response.status);
      const text = await response.text();
      expect(text).not.toContain('"workspaces"');
      if (response.status === 404) {
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(JSON.parse(text)).toEqual({ message: 'Not Found' });
      }
    },
  );

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await fetch(`${url}/_mock/ui`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${url}/_mock/ui`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.json()).toEqual({ message: 'Method Not Allowed' });
  });

  it('passes every other path on', async () => {
    for (const path of ['/_mock/messages', '/_mock/uix', '/campaigns/trigger/send']) {
      expect((await fetch(`${url}${path}`)).status).toBe(418);
    }
  });
});
