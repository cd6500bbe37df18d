import { HttpException } from '@nestjs/common';
import { errorFromResponse, type BrazeErrorBody, type HttpResponse, type TriggerKitError } from '@triggerkit/core';

/**
 * A non-2xx answer of the core handler as a Nest `HttpException`: `getResponse()` is the Braze body,
 * `getStatus()` its status, `cause` the typed `TriggerKitError` a `TriggerKitClient` would throw for
 * it, and `headers` the response headers (`X-RateLimit-*`, `Retry-After`, ...), which are already set
 * on the response when this is thrown.
 */
export class TriggerKitHttpException extends HttpException {
  readonly headers: Readonly<Record<string, string>>;
  declare readonly cause: TriggerKitError;

  constructor(response: HttpResponse, body: BrazeErrorBody) {
    const cause = errorFromResponse({ status: response.status, headers: response.headers, body }, { permission: '', nowMs: Date.now() });
    super(body, response.status, { cause });
    this.headers = response.headers;
  }
}
