import { expect } from 'vitest';
import type { Exchange } from './http-exchange';

/** A spec 3.2 rejection: status 400, the exact summary `message`, and `errors` (each starting with its JSON path). */
export function expectBadRequest(exchange: Exchange, message: string, errors?: readonly (string | RegExp)[]): void {
  expect({ status: exchange.status, message: (exchange.json as { message?: unknown }).message }).toEqual({ status: 400, message });
  const got = (exchange.json as { errors?: unknown }).errors;
  expect(Array.isArray(got) && got.length > 0 && got.every((error) => typeof error === 'string')).toBe(true);
  for (const expected of errors ?? []) {
    expect(got as string[]).toContainEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
  }
}

/** A JSON response whose body is exactly `body` (as parsed) with Braze's JSON content type. */
export function expectJson(exchange: Exchange, status: number, body: unknown): void {
  expect({ status: exchange.status, body: exchange.json }).toEqual({ status, body });
  expect(exchange.headers.get('content-type')).toBe('application/json; charset=utf-8');
}

export function expectCreated(exchange: Exchange): { dispatch_id: string; message: string; send_id?: string; notice?: string } {
  expect(exchange.status, exchange.text).toBe(201);
  const body = exchange.json as { dispatch_id: string; message: string };
  expect(body).toMatchObject({ dispatch_id: expect.any(String), message: 'success' });
  return body;
}
