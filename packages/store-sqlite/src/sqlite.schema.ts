import type Database from 'better-sqlite3';

/** Bumped whenever the tables change; a file from a newer version is refused rather than misread. */
export const SCHEMA_VERSION = 2;

/**
 * One row per record, the record itself as JSON, and only the columns that are looked up or
 * ordered on. `seq` keeps insertion order (a replaced profile keeps its place, spec 3.4 broadcast order).
 */
const SCHEMA_V1 = `
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
const SCHEMA_V2 = `
  ALTER TABLE profiles ADD COLUMN phone TEXT;
  UPDATE profiles SET phone = json_extract(record, '$.attributes.phone')
    WHERE json_type(record, '$.attributes.phone') = 'text' AND json_extract(record, '$.attributes.phone') <> '';
  CREATE INDEX profiles_by_phone ON profiles (workspace, phone, seq) WHERE phone IS NOT NULL;
`;

/** Each version's step from the one before it, applied in order inside one transaction. */
export const MIGRATIONS: readonly string[] = [SCHEMA_V1, SCHEMA_V2];

/** Creates the tables in a fresh file and upgrades an older one step by step; refuses a file written by a newer schema. */
export function migrate(db: Database.Database, filename: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${filename} was written by a newer @triggerkit/store-sqlite (schema ${version}; this version reads up to ${SCHEMA_VERSION})`);
    }
    for (const step of MIGRATIONS.slice(version)) db.exec(step);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
