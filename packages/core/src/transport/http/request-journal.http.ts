import type { WriteStatus } from '../../engine/engine.types';
import type { WriteOutcome } from '../../engine/users/user-writes.engine';
import { utf8ByteLength } from '../../schema/trigger-properties.schema';

/** One request to a Braze endpoint as `GET /_mock/requests` shows it (spec 9). Headers are never kept. */
export interface JournalEntry {
  id: string;
  method: string;
  /** The path as requested (a path parameter as sent). */
  path: string;
  /** The parsed query string of a GET endpoint (endpoints spec 14.4). */
  query?: Readonly<Record<string, string | string[] | undefined>>;
  /** The status answered; `0` when the connection was dropped by an injected fault. */
  status: number;
  /** ISO-8601. */
  received_at: string;
  duration_ms: number;
  /** The parsed body with `api_key` removed; `null` when the body was not valid JSON or too large. */
  body: unknown;
  /** The body was larger than `maxBodyBytes`: `body` is the start of its JSON text, as a string. */
  body_truncated?: true;
  /** The size of the whole body's JSON text (UTF-8 bytes), when truncated. */
  body_bytes?: number;
  /** Endpoints spec 14.4, user writes (spec 6.2): when it became visible (null while pending). */
  applied_at?: string | null;
  /** Endpoints spec 14.4: what each item did, once applied. */
  outcomes?: WriteOutcome[];
}

/** A body as the journal keeps it: JSON text, serialized once when the request arrives. */
export interface JournalBody {
  json: string;
  /** Present when the text is the start of a larger body: that body's size in bytes. */
  truncatedFrom?: number;
}

export type JournalInput = Omit<JournalEntry, 'id' | 'body' | 'body_truncated' | 'body_bytes' | 'applied_at' | 'outcomes'> & {
  body: JournalBody;
  /** A user write's id (endpoints spec 14.4): its `applied_at` and `outcomes` are read from `WriteStatusOf` when a page is made. */
  writeId?: string;
};

/** Looks up a user write's status when a page is made (the engine's `writeStatus`). */
export type WriteStatusOf = (writeId: string) => WriteStatus | undefined;

/** Bounds of one workspace's journal: the oldest entries go first once either total is exceeded. */
export interface JournalLimits {
  maxEntries: number;
  /** Total size of the kept entries (bodies and their fields, UTF-8 bytes). */
  maxBytes: number;
  /** A body larger than this is kept truncated to it and flagged. */
  maxBodyBytes: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { maxEntries: 1_000, maxBytes: 16 * 1024 * 1024, maxBodyBytes: 64 * 1024 };

/** Paging of `GET /_mock/requests` (ids are `req_<n>`, so an `after` older than what is kept simply starts at the oldest). */
export interface JournalQuery {
  limit: number;
  afterSeq?: number | undefined;
  beforeSeq?: number | undefined;
  sinceMs?: number | undefined;
  order?: 'oldest' | 'newest' | undefined;
}

export interface RequestJournal {
  /** Serializes a parsed body for `append` (once; big bodies are cut to `maxBodyBytes`). */
  encodeBody(body: unknown): JournalBody;
  append(entry: JournalInput): void;
  /**
   * A page as the JSON text of `{"requests": [...], "next_after"?: id}`, bodies spliced in as kept
   * (never parsed again); user writes show their status as `writeStatus` reports it now.
   */
  pageJson(query: JournalQuery, writeStatus?: WriteStatusOf): string;
  /** A page as objects (tests, programmatic use). */
  list(query?: Partial<JournalQuery>, writeStatus?: WriteStatusOf): JournalEntry[];
  clear(): void;
  /** Entries and bytes kept now. */
  size(): { entries: number; bytes: number };
}

interface KeptEntry {
  seq: number;
  receivedMs: number;
  /** `{"id":…,…,"body":` — the entry's JSON up to its body. */
  head: string;
  body: string;
  /** `}` or the truncation flags and `}`. */
  tail: string;
  bytes: number;
  writeId?: string;
}

/** `,"applied_at":…,"outcomes":[…]` of a user write whose status is known, else nothing. */
function statusJson(entry: KeptEntry, writeStatus: WriteStatusOf | undefined): string {
  if (entry.writeId === undefined || writeStatus === undefined) return '';
  const status = writeStatus(entry.writeId);
  return status === undefined ? '' : `,"applied_at":${JSON.stringify(status.applied_at)},"outcomes":${JSON.stringify(status.outcomes)}`;
}

export const NULL_JOURNAL_BODY: JournalBody = { json: 'null' };

/**
 * Keeps the newest requests of one workspace within `limits` (entries and bytes), so a
 * long-running mock server's memory stays bounded whatever its clients send. Bodies are kept as
 * JSON text: serialized once on arrival, spliced into responses without another copy.
 *
 * @example
 * const journal = createRequestJournal();
 * journal.append({ method: 'POST', path: '/users/track', status: 201, received_at, duration_ms: 1, body: journal.encodeBody(body) });
 */
export function createRequestJournal(limits: JournalLimits = DEFAULT_JOURNAL_LIMITS): RequestJournal {
  let entries: KeptEntry[] = [];
  let head = 0;
  let bytes = 0;
  let sequence = 0;

  const kept = (): KeptEntry[] => entries.slice(head);
  const dropOldest = (): void => {
    const oldest = entries[head] as KeptEntry;
    bytes -= oldest.bytes;
    entries[head] = undefined as unknown as KeptEntry;
    head += 1;
    if (head > 256 && head * 2 > entries.length) {
      entries = entries.slice(head);
      head = 0;
    }
  };

  const select = (query: JournalQuery): { page: KeptEntry[]; more: boolean } => {
    const matching = kept().filter(
      (entry) =>
        (query.afterSeq === undefined || entry.seq > query.afterSeq) &&
        (query.beforeSeq === undefined || entry.seq < query.beforeSeq) &&
        (query.sinceMs === undefined || entry.receivedMs >= query.sinceMs),
    );
    if (query.order === 'newest') matching.reverse();
    return { page: matching.slice(0, query.limit), more: matching.length > query.limit };
  };

  return {
    encodeBody: (body) => encodeBody(body, limits.maxBodyBytes),

    append(entry) {
      sequence += 1;
      const { body, writeId, ...fields } = entry;
      const headText = `${JSON.stringify({ id: `req_${sequence}`, ...fields }).slice(0, -1)},"body":`;
      const tail = body.truncatedFrom === undefined ? '}' : `,"body_truncated":true,"body_bytes":${body.truncatedFrom}}`;
      const size = byteLength(headText) + byteLength(body.json) + tail.length;
      const kept: KeptEntry = { seq: sequence, receivedMs: Date.parse(entry.received_at), head: headText, body: body.json, tail, bytes: size };
      if (writeId !== undefined) kept.writeId = writeId;
      entries.push(kept);
      bytes += size;
      while (entries.length - head > limits.maxEntries || (bytes > limits.maxBytes && entries.length - head > 1)) dropOldest();
    },

    pageJson(query, writeStatus) {
      const { page, more } = select(query);
      const last = page.at(-1);
      const next = more && last ? `,"${query.order === 'newest' ? 'next_before' : 'next_after'}":"req_${last.seq}"` : '';
      return `{"requests":[${page.map((entry) => entry.head + entry.body + statusJson(entry, writeStatus) + entry.tail).join(',')}]${next}}`;
    },

    list(query = {}, writeStatus) {
      const { page } = select({ limit: Infinity, ...query });
      return page.map((entry) => JSON.parse(entry.head + entry.body + statusJson(entry, writeStatus) + entry.tail) as JournalEntry);
    },

    clear() {
      entries = [];
      head = 0;
      bytes = 0;
    },

    size: () => ({ entries: entries.length - head, bytes }),
  };
}

/** One `JSON.stringify`; a body past `maxBytes` keeps its first `maxBytes` of text (whole characters), as a string. */
function encodeBody(body: unknown, maxBytes: number): JournalBody {
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    return NULL_JOURNAL_BODY;
  }
  if (json === undefined) return NULL_JOURNAL_BODY;
  // A UTF-8 character takes at least one byte per UTF-16 unit and at most three.
  if (json.length * 3 <= maxBytes) return { json };
  const total = byteLength(json);
  if (total <= maxBytes) return { json };
  return { json: JSON.stringify(utf8Prefix(json, maxBytes)), truncatedFrom: total };
}

/** Node's native count where there is one (a 4 MB body in about a millisecond), else the portable loop. */
function byteLength(text: string): number {
  const buffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: 'utf8'): number } }).Buffer;
  return buffer ? buffer.byteLength(text, 'utf8') : utf8ByteLength(text);
}

/** The longest start of `text` that fits in `maxBytes` of UTF-8, never splitting a surrogate pair. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const pair = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length && (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return text.slice(0, end);
}
