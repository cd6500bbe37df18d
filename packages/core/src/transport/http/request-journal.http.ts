/** One request to a Braze endpoint as `GET /_mock/requests` shows it (spec 9). Headers are never kept. */
export interface JournalEntry {
  id: string;
  method: string;
  path: string;
  /** The status answered; `0` when the connection was dropped by an injected fault. */
  status: number;
  /** ISO-8601. */
  received_at: string;
  duration_ms: number;
  /** The parsed body with `api_key` removed; `null` when the body was not valid JSON or too large. */
  body: unknown;
}

export interface RequestJournal {
  append(entry: Omit<JournalEntry, 'id'>): void;
  /** Oldest first; copies, so callers cannot edit the journal. */
  list(): JournalEntry[];
  clear(): void;
}

/** Keeps the newest `limit` entries of one workspace, so a long-running mock server's memory stays bounded. */
export function createRequestJournal(limit: number): RequestJournal {
  let entries: JournalEntry[] = [];
  let sequence = 0;
  return {
    append(entry) {
      sequence += 1;
      entries.push({ ...entry, id: `req_${sequence}`, body: structuredClone(entry.body) });
      if (entries.length > limit) entries = entries.slice(entries.length - limit);
    },
    list: () => entries.map((entry) => structuredClone(entry)),
    clear() {
      entries = [];
    },
  };
}
