import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger, type DestinationStream } from 'pino';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Keys and bodies are never logged on purpose; the redaction is the second line of defence in
 * case someone later adds headers or a body to a log call.
 */
const REDACTED_PATHS = [
  'authorization',
  'api_key',
  '*.authorization',
  '*.api_key',
  '*.headers.authorization',
  '*.body.api_key',
];

/** JSON lines on stdout (or `destination`); level from LOG_LEVEL, default info. */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name: 'triggerkit-mock',
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Core reports unexpected failures as `{ error }`: without a serializer an Error logs as `{}`.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const CALLER_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's `x-request-id` is kept when it is short and plain, so logs correlate across services. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Wraps a listener so each request logs one line when its response finishes (at debug when the client went away first). */
export function withRequestLog(logger: Logger, listener: NodeListener): NodeListener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req);
    res.setHeader('x-request-id', reqId);
    logger.debug({ req_id: reqId, method: req.method, path: pathOf(req.url) }, 'request received');
    let logged = false;
    const logOnce = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // A client that hangs up is routine (timeouts, cancelled jobs): visible at debug, not noise at info.
      logger[aborted ? 'debug' : 'info'](
        {
          req_id: reqId,
          method: req.method,
          path: pathOf(req.url),
          status: res.statusCode,
          duration_ms: Math.round(durationMs * 1000) / 1000,
          ...(aborted ? { aborted: true } : {}),
        },
        'request',
      );
    };
    res.once('finish', () => logOnce(false));
    res.once('close', () => logOnce(!res.writableFinished));
    listener(req, res);
  };
}

/** The path only: a query string could carry anything, including a key someone pasted there. */
function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  return path.length > 2048 ? `${path.slice(0, 2048)}…` : path;
}
