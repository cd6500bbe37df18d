import type Database from 'better-sqlite3';

/** Bumped whenever the tables change; a file from a newer version is refused rather than misread. */
export const SCHEMA_VERSION = 5;

/**
 * Version 1: one row per record, the record itself as JSON, and only the columns that are looked
 * up or ordered on. `seq` keeps insertion order (a replaced profile keeps its place, spec 3.4).
 */
const V1 = `
  CREATE TABLE profiles (
    workspace   TEXT NOT NULL,
    braze_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    external_id TEXT,
    email_key   TEXT,
    record      TEXT NOT NULL,
    PRIMARY KEY (workspace, braze_id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX profiles_by_external_id ON profiles (workspace, external_id) WHERE external_id IS NOT NULL;
  CREATE INDEX profiles_by_email ON profiles (workspace, email_key, seq) WHERE email_key IS NOT NULL;
  CREATE UNIQUE INDEX profiles_by_seq ON profiles (workspace, seq);

  CREATE TABLE profile_aliases (
    workspace   TEXT NOT NULL,
    alias_label TEXT NOT NULL,
    alias_name  TEXT NOT NULL,
    braze_id    TEXT NOT NULL,
    PRIMARY KEY (workspace, alias_label, alias_name)
  ) WITHOUT ROWID;
  CREATE INDEX profile_aliases_by_owner ON profile_aliases (workspace, braze_id);

  CREATE TABLE messages (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace        TEXT NOT NULL,
    dispatch_id      TEXT NOT NULL,
    send_id          TEXT,
    campaign_id      TEXT,
    canvas_id        TEXT,
    external_user_id TEXT,
    record           TEXT NOT NULL
  );
  CREATE INDEX messages_by_workspace ON messages (workspace, seq);
  CREATE INDEX messages_by_dispatch ON messages (workspace, dispatch_id, seq);
  CREATE INDEX messages_by_campaign ON messages (workspace, campaign_id, seq) WHERE campaign_id IS NOT NULL;
  CREATE INDEX messages_by_canvas ON messages (workspace, canvas_id, seq) WHERE canvas_id IS NOT NULL;
  CREATE INDEX messages_by_user ON messages (workspace, external_user_id, seq) WHERE external_user_id IS NOT NULL;
  CREATE INDEX messages_by_send_id ON messages (workspace, send_id, seq) WHERE send_id IS NOT NULL;

  CREATE TABLE dispatches (
    workspace   TEXT NOT NULL,
    dispatch_id TEXT NOT NULL,
    record      TEXT NOT NULL,
    PRIMARY KEY (workspace, dispatch_id)
  ) WITHOUT ROWID;

  CREATE TABLE send_ids (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    record    TEXT NOT NULL
  );
  CREATE INDEX send_ids_by_workspace ON send_ids (workspace, seq);
`;

/**
 * Version 2 (spec 8, Rev 2: `phone` names a `/users/track` user): profiles are looked up by their
 * exact `attributes.phone`. Existing rows get the column filled from their stored record.
 */
const V2 = `
  ALTER TABLE profiles ADD COLUMN phone TEXT;
  UPDATE profiles SET phone = json_extract(record, '$.attributes.phone')
    WHERE json_type(record, '$.attributes.phone') = 'text' AND json_extract(record, '$.attributes.phone') <> '';
  CREATE INDEX profiles_by_phone ON profiles (workspace, phone, seq) WHERE phone IS NOT NULL;
`;

/**
 * Version 3: message ids and send times (paging cursors), dispatches in insertion order and
 * per-workspace counts (retention), and persisted due items (delayed `/users/track` writes).
 */
const V3 = `
  ALTER TABLE messages ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE messages ADD COLUMN sent_ms INTEGER NOT NULL DEFAULT 0;
  UPDATE messages SET message_id = json_extract(record, '$.id'),
    sent_ms = CAST(ROUND((julianday(json_extract(record, '$.sent_at')) - 2440587.5) * 86400000) AS INTEGER);
  CREATE INDEX messages_by_id ON messages (workspace, message_id);
  CREATE INDEX messages_by_sent ON messages (workspace, sent_ms, seq);

  CREATE TABLE dispatches_v2 (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace   TEXT NOT NULL,
    dispatch_id TEXT NOT NULL,
    record      TEXT NOT NULL
  );
  INSERT INTO dispatches_v2 (workspace, dispatch_id, record)
    SELECT d.workspace, d.dispatch_id, d.record FROM dispatches d
    ORDER BY (SELECT MIN(m.seq) FROM messages m WHERE m.workspace = d.workspace AND m.dispatch_id = d.dispatch_id), d.dispatch_id;
  DROP TABLE dispatches;
  ALTER TABLE dispatches_v2 RENAME TO dispatches;
  CREATE UNIQUE INDEX dispatches_by_id ON dispatches (workspace, dispatch_id);
  CREATE INDEX dispatches_by_workspace ON dispatches (workspace, seq);

  CREATE TABLE workspace_counts (
    workspace  TEXT PRIMARY KEY,
    messages   INTEGER NOT NULL DEFAULT 0,
    dispatches INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  INSERT INTO workspace_counts (workspace, messages, dispatches)
    SELECT workspace, SUM(messages), SUM(dispatches) FROM (
      SELECT workspace, COUNT(*) AS messages, 0 AS dispatches FROM messages GROUP BY workspace
      UNION ALL SELECT workspace, 0, COUNT(*) FROM dispatches GROUP BY workspace
    ) GROUP BY workspace;

  CREATE TABLE due_items (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    kind      TEXT NOT NULL,
    due_ms    INTEGER NOT NULL,
    payload   TEXT NOT NULL
  );
  CREATE INDEX due_items_by_time ON due_items (workspace, due_ms, seq);
`;

/**
 * Version 4 (endpoints spec 5): schedules, one row each in creation order, and due items of one
 * time ordered by kind (writes before schedule moments) before creation.
 */
const V4 = `
  CREATE TABLE schedules (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace   TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    campaign_id TEXT,
    canvas_id   TEXT,
    state       TEXT NOT NULL,
    record      TEXT NOT NULL
  );
  CREATE UNIQUE INDEX schedules_by_id ON schedules (workspace, schedule_id);
  CREATE INDEX schedules_by_workspace ON schedules (workspace, seq);
  ALTER TABLE due_items ADD COLUMN kind_rank INTEGER NOT NULL DEFAULT 0;
  DROP INDEX due_items_by_time;
  CREATE INDEX due_items_by_time ON due_items (workspace, due_ms, kind_rank, seq);
`;

/**
 * Version 5 (endpoints spec 4.3, 14.6): transactional sends' deduplication keys, pruned by expiry;
 * messages filterable by `source` and `schedule_id` (rows of version 4 read theirs from the record).
 */
const V5 = `
  ALTER TABLE messages ADD COLUMN source TEXT NOT NULL DEFAULT 'trigger';
  ALTER TABLE messages ADD COLUMN schedule_id TEXT;
  UPDATE messages SET source = COALESCE(json_extract(record, '$.source'), 'trigger'), schedule_id = json_extract(record, '$.schedule_id');
  CREATE INDEX messages_by_source ON messages (workspace, source, seq);
  CREATE INDEX messages_by_schedule ON messages (workspace, schedule_id, seq) WHERE schedule_id IS NOT NULL;
  CREATE TABLE transactional_sends (
    workspace       TEXT NOT NULL,
    campaign_id     TEXT NOT NULL,
    external_send_id TEXT NOT NULL,
    expires_ms      INTEGER NOT NULL,
    record          TEXT NOT NULL,
    PRIMARY KEY (workspace, campaign_id, external_send_id)
  ) WITHOUT ROWID;
  CREATE INDEX transactional_sends_by_expiry ON transactional_sends (workspace, expires_ms);
`;

/** Each entry takes the file from the version before it to its own number (index + 1). */
const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5];

/**
 * Brings a file to `SCHEMA_VERSION`, one migration at a time, in one immediate transaction (so
 * two processes opening one file never both migrate); refuses a file written by a newer schema.
 * Idempotent: a file already at the version is left alone.
 */
export function migrate(db: Database.Database, filename: string, target: number = SCHEMA_VERSION): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${filename} was written by a newer @triggerkit/store-sqlite (schema ${version}; this version reads up to ${SCHEMA_VERSION})`);
    }
    for (let next = version + 1; next <= target; next++) {
      db.exec(MIGRATIONS[next - 1] as string);
      db.pragma(`user_version = ${next}`);
    }
  }).immediate();
}
