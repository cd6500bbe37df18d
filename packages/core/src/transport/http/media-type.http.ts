import { headerValue } from '../../engine/workspace/api-keys';
import type { HttpRequest } from './http.types';
import { matchBrazeEndpoint } from './routes.http';

/** The part of a request the media-type rule reads: no body needed, so hosts can ask before reading one. */
export type MediaTypeProbe = Pick<HttpRequest, 'method' | 'path' | 'headers'> & Partial<Pick<HttpRequest, 'rawBody' | 'parsedBody' | 'bodyTooLarge'>>;

/**
 * Spec 2, Rev 2: a `POST` to a Braze endpoint must say `Content-Type: application/json`
 * (parameters such as `; charset=utf-8` allowed, any letter case), and so must a `POST` / `PUT`
 * to `/_mock` that carries a body. True when the request breaks that rule and must be answered
 * 415 before anything else is looked at (key, body, rate limits). Only the media type's essence
 * is compared, so there is nothing to parse beyond the first `;`.
 *
 * @example
 * isUnsupportedMediaType({ method: 'POST', path: '/users/track', headers: { 'content-type': 'text/plain' } }); // → true
 */
export function isUnsupportedMediaType(request: MediaTypeProbe): boolean {
  const method = String(request.method).toUpperCase();
  const path = String(request.path);
  const contentType = headerValue(request.headers, 'content-type');
  if (method === 'POST' && matchBrazeEndpoint(path)?.endpoint.method === 'POST') return !isJsonContentType(contentType);
  if ((method === 'POST' || method === 'PUT') && path.startsWith('/_mock/')) return carriesBody(request) && !isJsonContentType(contentType);
  return false;
}

/** `application/json`, with or without parameters, in any letter case. */
export function isJsonContentType(value: string | undefined): boolean {
  if (typeof value !== 'string') return false;
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/**
 * Whether a request has a body: the bytes when the host read them, else what its headers
 * announce (a `Content-Length` above 0, or a `Transfer-Encoding`).
 */
function carriesBody(request: MediaTypeProbe): boolean {
  if (request.bodyTooLarge === true) return true;
  if (request.rawBody !== undefined) return request.rawBody.length > 0;
  if (request.parsedBody !== undefined) return true;
  const length = Number(headerValue(request.headers, 'content-length') ?? '0');
  return (Number.isFinite(length) && length > 0) || headerValue(request.headers, 'transfer-encoding') !== undefined;
}
