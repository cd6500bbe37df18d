import type { Clock } from '../support/clock';

/** One postback attempt as `GET /_mock/postbacks` shows it (endpoints spec 14.3). */
export interface PostbackAttempt {
  id: string;
  url: string;
  body: Record<string, unknown>;
  /** The HTTP status the URL answered, or null when it did not answer. */
  status: number | null;
  error?: 'timeout' | 'connection_failed';
  /** ISO-8601, mock clock. */
  attempted_at: string;
}

/** `GET /_mock/postbacks`: attempts oldest first; `dropped` counts postbacks never attempted because the queue was full. */
export interface PostbacksResponse {
  postbacks: PostbackAttempt[];
  pending: number;
  dropped: number;
}

/** POSTs one JSON body; resolves with the status, or rejects (a timeout rejects with a `TimeoutError`). */
export type PostbackTransport = (url: string, body: string, signal: AbortSignal) => Promise<number>;

export interface PostbackQueueOptions {
  /** The workspace's mock clock: `attempted_at`. */
  clock: Clock;
  /** Default: `fetch`, reading and discarding the answer's body. */
  transport?: PostbackTransport | undefined;
  /** Default 5,000 ms on system time (endpoints spec 4.4). */
  timeoutMs?: number | undefined;
  /** Attempts kept for inspection, oldest dropped first. Default 10,000. */
  keepAttempts?: number | undefined;
  /** Postbacks waiting at most; more are dropped and counted. Default 10,000. */
  maxPending?: number | undefined;
}

/**
 * One workspace's transactional postbacks (endpoints spec 4.4): one queue in the order sends were
 * answered, each POST after the previous one ended (any answer, an error, or the timeout), no
 * retries. Bounded twice: the queue (a URL that never answers costs at most `maxPending` bodies)
 * and the attempts kept for `GET /_mock/postbacks`. Never blocks the request that enqueued.
 */
export interface PostbackQueue {
  /** Queues the bodies of one send, in order. */
  enqueue(url: string, bodies: readonly Record<string, unknown>[]): void;
  list(): PostbacksResponse;
  /** Resolves when every queued postback has been attempted (tests, shutdown). */
  idle(): Promise<void>;
  /** `POST /_mock/reset`: drops what waits and what was attempted; one in flight is not recorded. */
  clear(): void;
  /** Aborts the one in flight and drops the rest; later enqueues do nothing. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_KEEP = 10_000;

export function createPostbackQueue(options: PostbackQueueOptions): PostbackQueue {
  const transport = options.transport ?? fetchTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const keep = options.keepAttempts ?? DEFAULT_KEEP;
  const maxPending = options.maxPending ?? DEFAULT_KEEP;
  const pending: { url: string; body: Record<string, unknown> }[] = [];
  let attempts: PostbackAttempt[] = [];
  let nextId = 1;
  let dropped = 0;
  let epoch = 0;
  let running: Promise<void> | undefined;
  let inFlight: AbortController | undefined;
  let closed = false;

  async function drain(): Promise<void> {
    while (pending.length > 0 && !closed) {
      const next = pending.shift() as { url: string; body: Record<string, unknown> };
      const started = epoch;
      const attempt: PostbackAttempt = { id: `postback-${nextId++}`, url: next.url, body: next.body, status: null, attempted_at: new Date(options.clock.now()).toISOString() };
      const controller = new AbortController();
      inFlight = controller;
      const timer = setTimeout(() => controller.abort(new TimeoutError()), timeoutMs);
      try {
        attempt.status = await transport(next.url, JSON.stringify(next.body), controller.signal);
      } catch (error) {
        attempt.error = controller.signal.reason instanceof TimeoutError || isTimeout(error) ? 'timeout' : 'connection_failed';
      } finally {
        clearTimeout(timer);
        inFlight = undefined;
      }
      if (started !== epoch || closed) continue;
      attempts.push(attempt);
      if (attempts.length > keep) attempts = attempts.slice(attempts.length - keep);
    }
  }

  function start(): void {
    if (running || closed) return;
    running = drain().finally(() => {
      running = undefined;
      if (pending.length > 0) start();
    });
  }

  return {
    enqueue(url, bodies) {
      if (closed) return;
      for (const body of bodies) {
        if (pending.length >= maxPending) dropped += 1;
        else pending.push({ url, body });
      }
      start();
    },
    list: () => ({ postbacks: attempts.map((attempt) => ({ ...attempt })), pending: pending.length + (inFlight ? 1 : 0), dropped }),
    async idle() {
      while (running) await running;
    },
    clear() {
      epoch += 1;
      pending.length = 0;
      attempts = [];
      dropped = 0;
    },
    async close() {
      closed = true;
      pending.length = 0;
      inFlight?.abort(new Error('The mock server is shutting down'));
      await running;
    },
  };
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

const fetchTransport: PostbackTransport = async (url, body, signal) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  // Read to the end so the connection goes back to the pool.
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
};
