import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { RateLimitedError } from '@triggerkit/core';
import { TriggerKitHttpException } from '@triggerkit/nestjs';
import type { Response } from 'express';

const metrics = { rateLimited: 0 };

// The server module's refusals are HttpExceptions: your filters see them, with the typed error as `cause`.
@Catch(TriggerKitHttpException)
export class BrazeRefusalsFilter implements ExceptionFilter {
  catch(exception: TriggerKitHttpException, host: ArgumentsHost): void {
    if (exception.cause instanceof RateLimitedError) metrics.rateLimited += 1;
    host.switchToHttp().getResponse<Response>().status(exception.getStatus()).json(exception.getResponse());
  }
}
