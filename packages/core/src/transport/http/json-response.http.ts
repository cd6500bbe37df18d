import { MESSAGES, TriggerKitError } from '../../errors';
import type { HttpResponse } from './http.types';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON response with the content type every API route uses. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}

/** A JSON response whose body text was built already (the journal splices its stored bodies). */
export function rawJsonResponse(status: number, json: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE }, body: json };
}

/**
 * The one place an error becomes a response: a `TriggerKitError` keeps its status and body;
 * anything else is a 500 that reveals nothing about its cause.
 */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): HttpResponse {
  if (error instanceof TriggerKitError && isHttpStatus(error.status)) return jsonResponse(error.status, error.toBody(), headers);
  return jsonResponse(500, { message: MESSAGES.internal_error }, headers);
}

function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 400 && status <= 599;
}
