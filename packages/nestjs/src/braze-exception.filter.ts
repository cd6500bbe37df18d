import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { brazeFailureResponse, TriggerKitError } from '@triggerkit/core';

/**
 * Answers a failed Braze call (a `TriggerKitError`) as `brazeFailureResponse` says: 502, or 503
 * with `Retry-After` when Braze rate-limited; on Express and Fastify. Without it Nest answers 500.
 * @example
 * providers: [{ provide: APP_FILTER, useClass: BrazeExceptionFilter }]
 */
@Catch(TriggerKitError)
export class BrazeExceptionFilter implements ExceptionFilter<TriggerKitError> {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: TriggerKitError, host: ArgumentsHost): void {
    const { status, headers, body } = brazeFailureResponse(error) ?? { status: 502, headers: {}, body: {} };
    const response: unknown = host.switchToHttp().getResponse();
    const { httpAdapter } = this.adapterHost;
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, status);
  }
}
