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
  if (error instanceof TriggerKitError && isHttpStatus(error.httpStatus)) return jsonResponse(error.httpStatus, error.toBody(), headers);
  return jsonResponse(500, { message: MESSAGES.internal_error }, headers);
}

function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 400 && status <= 599;
}

/** A Braze error body: `{message, errors?}`. */
export interface BrazeErrorBody {
  message: string;
  errors?: string[];
}

/**
 * The Braze error body of a handler response, when it is an error that has one: a 4xx/5xx with a
 * JSON `{message}` (not a dropped connection). Hosts that surface errors their framework's way
 * (Nest's exceptions) use it to tell those from responses they write as they are.
 */
export function brazeErrorBodyOf(response: HttpResponse): BrazeErrorBody | undefined {
  if (response.status < 400 || response.dropConnection === true) return undefined;
  try {
    const value: unknown = JSON.parse(response.body);
    return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' ? (value as BrazeErrorBody) : undefined;
  } catch {
    return undefined;
  }
}
