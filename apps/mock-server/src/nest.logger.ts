import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/** Nest's own messages (route mapping, lifecycle) join the JSON log; its chatter goes to debug. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: unknown): void {
    this.logger.debug(fieldsOf(context), textOf(message));
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.logger.error({ ...fieldsOf(rest.at(-1)), ...(typeof rest[0] === 'string' && rest.length > 1 ? { stack: rest[0] } : {}) }, textOf(message));
  }

  warn(message: unknown, context?: unknown): void {
    this.logger.warn(fieldsOf(context), textOf(message));
  }

  debug(message: unknown, context?: unknown): void {
    this.logger.debug(fieldsOf(context), textOf(message));
  }

  verbose(message: unknown, context?: unknown): void {
    this.logger.trace(fieldsOf(context), textOf(message));
  }
}

function fieldsOf(context: unknown): Record<string, unknown> {
  return typeof context === 'string' ? { nest: context } : {};
}

function textOf(message: unknown): string {
  if (typeof message === 'string') return message;
  return message instanceof Error ? message.message : JSON.stringify(message);
}
