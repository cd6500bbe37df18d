/** Where the engine gets its identifiers. Random in production; sequential in tests that compare ids. */
export interface IdSource {
  /** One per trigger request (spec 3.5). */
  dispatchId(): string;
  /** One per recorded message (spec 9). */
  messageId(): string;
  /** A new profile's `braze_id`: 24 lowercase hex characters, like Braze's. */
  brazeId(): string;
  /** A generated `send_id` (spec 3.5, 8b): ASCII, at most 64 characters. */
  sendId(): string;
  /** A schedule's id (endpoints spec 5.1). Optional for sources written before schedules: `dispatchId()` stands in. */
  scheduleId?(): string;
}

/** Ids from the platform's cryptographic random source; collisions are not a practical concern. */
export function randomIdSource(): IdSource {
  return {
    dispatchId: () => randomHex(16),
    messageId: () => randomHex(16),
    brazeId: () => randomHex(12),
    sendId: () => randomHex(16),
    scheduleId: () => randomHex(16),
  };
}

/**
 * Deterministic ids counting from 1 per kind: `dispatch-1`, `message-1`, `send-1`, and braze ids
 * `000000000000000000000001`. Each source counts on its own, so two sources give equal sequences.
 */
export function sequentialIdSource(): IdSource {
  const counters = { dispatch: 0, message: 0, braze: 0, send: 0, schedule: 0 };
  return {
    dispatchId: () => `dispatch-${++counters.dispatch}`,
    messageId: () => `message-${++counters.message}`,
    brazeId: () => (++counters.braze).toString(16).padStart(24, '0'),
    sendId: () => `send-${++counters.send}`,
    scheduleId: () => `schedule-${++counters.schedule}`,
  };
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Random bytes are fetched 4 KB at a time: one `getRandomValues` call per id was ~10% of a create-and-send request. */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomHex(byteCount: number): string {
  if (poolOffset + byteCount > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let hex = '';
  for (let i = 0; i < byteCount; i++) hex += HEX[pool[poolOffset + i] as number];
  poolOffset += byteCount;
  return hex;
}
