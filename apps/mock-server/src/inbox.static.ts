import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export const INBOX_PATH = '/_mock/ui';

/**
 * Message content shown by the inbox is untrusted (anyone with a key can send anything), so the
 * page runs only its own script file. Styles allow 'unsafe-inline' because a sandboxed `srcdoc`
 * iframe inherits this policy and real email HTML carries inline styles; the page itself never
 * inserts markup, so there is nothing for an inline style to be injected through.
 */
export const INBOX_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

const FILES = [
  'index.html',
  'inbox.css',
  'favicon.svg',
  'inbox.js',
  'inbox.api.js',
  'inbox.dom.js',
  'inbox.messages.js',
  'inbox.preview.js',
  'inbox.recipients.js',
  'inbox.text.js',
  'inbox.dispatch.js',
  'inbox.user.js',
  'inbox.activity.js',
] as const;

interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** The inbox page's files, read once at start; any other path under /_mock/ui is a 404. */
export function createInboxMiddleware(publicDir: URL): NodeMiddleware {
  const files = new Map<string, StaticFile>(
    FILES.map((name) => [name, { body: readFileSync(new URL(name, publicDir)), contentType: contentTypeOf(name) }]),
  );
  return (req, res, next) => {
    const name = fileNameOf(req.url ?? '/');
    if (name === undefined) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, jsonFile('Method Not Allowed'), { allow: 'GET, HEAD' }, req.method);
    const file = files.get(name);
    send(res, file ? 200 : 404, file ?? jsonFile('Not Found'), {}, req.method);
  };
}

/** `/_mock/ui` and `/_mock/ui/` are the page; `/_mock/ui/x` is file x; anything else is not ours. */
function fileNameOf(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '';
  if (path === INBOX_PATH || path === `${INBOX_PATH}/`) return 'index.html';
  return path.startsWith(`${INBOX_PATH}/`) ? path.slice(INBOX_PATH.length + 1) : undefined;
}

function send(res: ServerResponse, status: number, file: StaticFile, extra: Record<string, string>, method = 'GET'): void {
  res.writeHead(status, {
    'content-type': file.contentType,
    'content-length': String(file.body.length),
    'content-security-policy': INBOX_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    ...extra,
  });
  res.end(method === 'HEAD' ? undefined : file.body);
}

/** Errors answer as every other route of the server does: `{"message": …}` JSON. */
function jsonFile(message: string): StaticFile {
  return { body: Buffer.from(JSON.stringify({ message })), contentType: 'application/json; charset=utf-8' };
}

function contentTypeOf(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
