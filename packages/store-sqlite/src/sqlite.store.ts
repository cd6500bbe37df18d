import {
  type DispatchRecord,
  type MessageFilter,
  type MessageRecord,
  type ProfileRecord,
  type ProfileRef,
  type SendIdRecord,
  type Store,
  StoreConflictError,
  type UserAlias,
} from '@triggerkit/core';
import Database from 'better-sqlite3';
import { migrate } from './sqlite.schema';

export interface SqliteStoreOptions {
  /**
   * `full` (default): every commit is fsynced to the WAL before it is acknowledged, so an
   * acknowledged write survives a process kill *and* an OS crash or power loss.
   * `normal`: with WAL, a commit is in the OS page cache when acknowledged; it survives a killed
   * process (SIGKILL, OOM) but the last commits may be lost if the machine itself goes down. Faster.
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock before failing (multi-process use). Default 5,000 ms. */
  busyTimeoutMs?: number;
}

/** Rows as read back; the record columns hold the JSON the port's records serialise to. */
interface RecordRow {
  record: string;
}

interface ProfileRow extends RecordRow {
  seq: number;
}

const SCAN_PAGE_SIZE = 500;

/**
 * A durable `Store` in one SQLite file (WAL mode): each port call is one transaction, committed
 * before its promise resolves. Pass `':memory:'` for a private in-memory database.
 *
 * @example
 * import { createSqliteStore } from '@triggerkit/store-sqlite';
 * const store = createSqliteStore('./triggerkit.db');
 * await store.saveProfile('acme', profile);
 * await store.close();
 */
export function createSqliteStore(filename: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(filename, options);
  try {
    migrate(db, filename);
    return new SqliteStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function openDatabase(filename: string, options: SqliteStoreOptions): Database.Database {
  const db = new Database(filename, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqliteStore implements Store {
  private readonly sql;
  /** At most one statement per combination of the five filters. */
  private readonly listMessageStatements = new Map<string, Database.Statement>();
  private readonly saveProfileTx: (workspace: string, profile: ProfileRecord) => void;
  private readonly appendMessagesTx: (workspace: string, messages: readonly MessageRecord[]) => void;
  private readonly resetTx: (workspace: string, seeds: readonly ProfileRecord[]) => void;

  constructor(private readonly db: Database.Database) {
    this.sql = prepareStatements(db);
    this.saveProfileTx = immediate(db, (workspace: string, profile: ProfileRecord) => this.writeProfile(workspace, profile));
    this.appendMessagesTx = immediate(db, (workspace: string, messages: readonly MessageRecord[]) => {
      for (const message of messages) this.sql.insertMessage.run(messageRow(workspace, message));
    });
    this.resetTx = immediate(db, (workspace: string, seeds: readonly ProfileRecord[]) => {
      for (const statement of this.sql.clearWorkspace) statement.run({ workspace });
      for (const profile of seeds) this.writeProfile(workspace, profile);
    });
  }

  async findProfile(workspace: string, ref: ProfileRef): Promise<ProfileRecord | undefined> {
    const row = this.profileRow(workspace, ref);
    return row === undefined ? undefined : parseRecord<ProfileRecord>(row);
  }

  async findProfilesByEmail(workspace: string, email: string): Promise<ProfileRecord[]> {
    const rows = this.sql.profilesByEmail.all({ workspace, email_key: emailKey(email) }) as RecordRow[];
    return rows.map((row) => parseRecord<ProfileRecord>(row));
  }

  async findProfilesByPhone(workspace: string, phone: string): Promise<ProfileRecord[]> {
    const rows = this.sql.profilesByPhone.all({ workspace, phone }) as RecordRow[];
    return rows.map((row) => parseRecord<ProfileRecord>(row));
  }

  async saveProfile(workspace: string, profile: ProfileRecord): Promise<void> {
    this.saveProfileTx(workspace, profile);
  }

  async *scanProfiles(workspace: string): AsyncIterable<ProfileRecord> {
    // Paged by `seq` rather than one open cursor, so other calls can use the connection between
    // pages; bounded by the last `seq` at the start, so profiles created meanwhile are not visited.
    const last = (this.sql.lastProfileSeq.get({ workspace }) as { last: number | null }).last ?? 0;
    let after = 0;
    while (after < last) {
      const rows = this.sql.profilePage.all({ workspace, after, last, limit: SCAN_PAGE_SIZE }) as ProfileRow[];
      if (rows.length === 0) return;
      for (const row of rows) yield parseRecord<ProfileRecord>(row);
      after = (rows[rows.length - 1] as ProfileRow).seq;
    }
  }

  async countProfiles(workspace: string): Promise<number> {
    return (this.sql.countProfiles.get({ workspace }) as { count: number }).count;
  }

  async appendMessages(workspace: string, messages: readonly MessageRecord[]): Promise<void> {
    this.appendMessagesTx(workspace, messages);
  }

  async listMessages(workspace: string, filter: MessageFilter = {}): Promise<MessageRecord[]> {
    const sql = listMessagesSql(filter);
    let statement = this.listMessageStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.listMessageStatements.set(sql, statement);
    }
    const rows = statement.all({ workspace, ...definedFilter(filter) }) as RecordRow[];
    return rows.map((row) => parseRecord<MessageRecord>(row));
  }

  async saveDispatch(workspace: string, dispatch: DispatchRecord): Promise<void> {
    this.sql.upsertDispatch.run({ workspace, dispatch_id: dispatch.dispatch_id, record: JSON.stringify(dispatch) });
  }

  async getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord | undefined> {
    const row = this.sql.dispatch.get({ workspace, dispatch_id: dispatchId }) as RecordRow | undefined;
    return row === undefined ? undefined : parseRecord<DispatchRecord>(row);
  }

  async saveSendId(workspace: string, record: SendIdRecord): Promise<void> {
    this.sql.insertSendId.run({ workspace, record: JSON.stringify(record) });
  }

  async listSendIds(workspace: string): Promise<SendIdRecord[]> {
    return (this.sql.sendIds.all({ workspace }) as RecordRow[]).map((row) => parseRecord<SendIdRecord>(row));
  }

  async reset(workspace: string, seedProfiles: readonly ProfileRecord[]): Promise<void> {
    this.resetTx(workspace, seedProfiles);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private profileRow(workspace: string, ref: ProfileRef): RecordRow | undefined {
    if ('external_id' in ref) return this.sql.profileByExternalId.get({ workspace, external_id: ref.external_id }) as RecordRow | undefined;
    if ('braze_id' in ref) return this.sql.profileByBrazeId.get({ workspace, braze_id: ref.braze_id }) as RecordRow | undefined;
    return this.sql.profileByAlias.get({ workspace, ...aliasParams(ref.user_alias) }) as RecordRow | undefined;
  }

  /** Runs inside a transaction: checks ownership, then replaces the row and its aliases. */
  private writeProfile(workspace: string, profile: ProfileRecord): void {
    this.assertNoConflict(workspace, profile);
    const record = storedProfile(profile);
    const email = record.attributes['email'];
    const phone = record.attributes['phone'];
    this.sql.upsertProfile.run({
      workspace,
      braze_id: record.braze_id,
      external_id: record.external_id ?? null,
      email_key: typeof email === 'string' && email !== '' ? emailKey(email) : null,
      phone: typeof phone === 'string' && phone !== '' ? phone : null,
      record: JSON.stringify(record),
    });
    this.sql.deleteAliases.run({ workspace, braze_id: record.braze_id });
    for (const alias of record.user_aliases) this.sql.insertAlias.run({ workspace, braze_id: record.braze_id, ...aliasParams(alias) });
  }

  private assertNoConflict(workspace: string, profile: ProfileRecord): void {
    if (profile.external_id !== undefined) {
      const owner = this.sql.externalIdOwner.get({ workspace, external_id: profile.external_id }) as { braze_id: string } | undefined;
      if (owner && owner.braze_id !== profile.braze_id) throw new StoreConflictError(workspace, 'external_id', profile.external_id);
    }
    for (const alias of profile.user_aliases) {
      const owner = this.sql.aliasOwner.get({ workspace, ...aliasParams(alias) }) as { braze_id: string } | undefined;
      if (owner && owner.braze_id !== profile.braze_id) throw new StoreConflictError(workspace, 'user_alias', `${alias.alias_label}:${alias.alias_name}`);
    }
  }
}

function prepareStatements(db: Database.Database) {
  const prepare = (source: string) => db.prepare(source);
  return {
    profileByBrazeId: prepare('SELECT record FROM profiles WHERE workspace = @workspace AND braze_id = @braze_id'),
    profileByExternalId: prepare('SELECT record FROM profiles WHERE workspace = @workspace AND external_id = @external_id'),
    profileByAlias: prepare(
      `SELECT p.record FROM profile_aliases a JOIN profiles p ON p.workspace = a.workspace AND p.braze_id = a.braze_id
       WHERE a.workspace = @workspace AND a.alias_label = @alias_label AND a.alias_name = @alias_name`,
    ),
    profilesByEmail: prepare('SELECT record FROM profiles WHERE workspace = @workspace AND email_key = @email_key ORDER BY seq'),
    profilesByPhone: prepare('SELECT record FROM profiles WHERE workspace = @workspace AND phone = @phone ORDER BY seq'),
    externalIdOwner: prepare('SELECT braze_id FROM profiles WHERE workspace = @workspace AND external_id = @external_id'),
    aliasOwner: prepare('SELECT braze_id FROM profile_aliases WHERE workspace = @workspace AND alias_label = @alias_label AND alias_name = @alias_name'),
    // A new profile takes the next `seq`; a replaced one keeps its own (its place in broadcast order).
    upsertProfile: prepare(
      `INSERT INTO profiles (workspace, braze_id, seq, external_id, email_key, phone, record)
       VALUES (@workspace, @braze_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profiles WHERE workspace = @workspace), @external_id, @email_key, @phone, @record)
       ON CONFLICT (workspace, braze_id) DO UPDATE SET external_id = excluded.external_id, email_key = excluded.email_key, phone = excluded.phone, record = excluded.record`,
    ),
    deleteAliases: prepare('DELETE FROM profile_aliases WHERE workspace = @workspace AND braze_id = @braze_id'),
    insertAlias: prepare('INSERT INTO profile_aliases (workspace, alias_label, alias_name, braze_id) VALUES (@workspace, @alias_label, @alias_name, @braze_id)'),
    lastProfileSeq: prepare('SELECT MAX(seq) AS last FROM profiles WHERE workspace = @workspace'),
    profilePage: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND seq > @after AND seq <= @last ORDER BY seq LIMIT @limit'),
    countProfiles: prepare('SELECT COUNT(*) AS count FROM profiles WHERE workspace = @workspace'),
    insertMessage: prepare(
      `INSERT INTO messages (workspace, dispatch_id, send_id, campaign_id, canvas_id, external_user_id, record)
       VALUES (@workspace, @dispatch_id, @send_id, @campaign_id, @canvas_id, @external_user_id, @record)`,
    ),
    upsertDispatch: prepare(
      `INSERT INTO dispatches (workspace, dispatch_id, record) VALUES (@workspace, @dispatch_id, @record)
       ON CONFLICT (workspace, dispatch_id) DO UPDATE SET record = excluded.record`,
    ),
    dispatch: prepare('SELECT record FROM dispatches WHERE workspace = @workspace AND dispatch_id = @dispatch_id'),
    insertSendId: prepare('INSERT INTO send_ids (workspace, record) VALUES (@workspace, @record)'),
    sendIds: prepare('SELECT record FROM send_ids WHERE workspace = @workspace ORDER BY seq'),
    clearWorkspace: ['profiles', 'profile_aliases', 'messages', 'dispatches', 'send_ids'].map((table) => prepare(`DELETE FROM ${table} WHERE workspace = @workspace`)),
  };
}

/** Wraps `fn` in `BEGIN IMMEDIATE … COMMIT`: taking the write lock up front avoids a lock upgrade failing midway. */
function immediate<Args extends unknown[]>(db: Database.Database, fn: (...args: Args) => void): (...args: Args) => void {
  const transaction = db.transaction(fn);
  return (...args: Args) => transaction.immediate(...args);
}

const MESSAGE_FILTER_COLUMNS = ['campaign_id', 'canvas_id', 'external_user_id', 'dispatch_id', 'send_id'] as const satisfies readonly (keyof MessageFilter)[];

/** Column names come from the fixed list above, never from the caller; values are bound parameters. */
function listMessagesSql(filter: MessageFilter): string {
  const conditions = MESSAGE_FILTER_COLUMNS.filter((column) => filter[column] !== undefined).map((column) => ` AND ${column} = @${column}`);
  return `SELECT record FROM messages WHERE workspace = @workspace${conditions.join('')} ORDER BY seq`;
}

function definedFilter(filter: MessageFilter): Partial<Record<(typeof MESSAGE_FILTER_COLUMNS)[number], string>> {
  return Object.fromEntries(MESSAGE_FILTER_COLUMNS.filter((column) => filter[column] !== undefined).map((column) => [column, filter[column]]));
}

function messageRow(workspace: string, message: MessageRecord) {
  return {
    workspace,
    dispatch_id: message.dispatch_id,
    send_id: message.send_id ?? null,
    campaign_id: message.campaign_id ?? null,
    canvas_id: message.canvas_id ?? null,
    external_user_id: message.recipient.external_user_id ?? null,
    record: JSON.stringify(message),
  };
}

/** Only the port's fields are stored, whatever else the object carries. */
function storedProfile(profile: ProfileRecord): ProfileRecord {
  return {
    braze_id: profile.braze_id,
    ...(profile.external_id === undefined ? {} : { external_id: profile.external_id }),
    user_aliases: profile.user_aliases.map((alias) => ({ alias_name: alias.alias_name, alias_label: alias.alias_label })),
    attributes: profile.attributes,
    events: profile.events,
    purchases: profile.purchases,
    created_at: profile.created_at,
    updated_at: profile.updated_at,
  };
}

function aliasParams(alias: UserAlias): { alias_label: string; alias_name: string } {
  return { alias_label: alias.alias_label, alias_name: alias.alias_name };
}

/** Same normalisation as the memory store, so both resolve an email to the same profiles. */
function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** JSON.parse makes `__proto__` an own data property, never a prototype. */
function parseRecord<T>(row: RecordRow): T {
  return JSON.parse(row.record) as T;
}
