import {
  type CommittedState,
  type DispatchRecord,
  type DueItem,
  dueKindRank,
  MESSAGE_FILTER_FIELDS,
  type MessagePage,
  type MessageQuery,
  type MessageRecord,
  type ProfileRecord,
  type ProfileRef,
  type ProfileRow,
  profileEmailKey,
  profilePhone,
  type ScheduleFilter,
  type ScheduleRecord,
  type SendIdRecord,
  type TransactionalSendRecord,
  StoreConflictError,
  StoreUnavailableError,
  UnknownCursorError,
  type UserAlias,
  type WorkspaceChanges,
} from '@triggerkit/core';
import type Database from 'better-sqlite3';
import { prepareStatements, type Statements } from './sqlite.statements';

interface SeqRecordRow {
  seq: number;
  record: string;
}

/** Each filter of the port is a column of `messages` with an index of its own (sqlite.schema.ts). */
const MESSAGE_FILTER_COLUMNS = MESSAGE_FILTER_FIELDS;
const MESSAGE_BATCH = 50;

/**
 * The SQLite store's committed state: reads are single statements, and each unit of work commits
 * in one `BEGIN IMMEDIATE … COMMIT` (with `synchronous = FULL`, durable when it returns). Any
 * failure of the database (full, locked, corrupt, closed) becomes `StoreUnavailableError` and the
 * transaction is rolled back.
 */
export class SqliteState implements CommittedState {
  readonly durable: boolean;
  private readonly sql: Statements;
  /** At most one statement per shape of message query (filters × cursors × order). */
  private readonly messageStatements = new Map<string, Database.Statement>();
  /** Multi-row message INSERTs by row count (at most `MESSAGE_BATCH` of them). */
  private readonly messageInserts = new Map<number, Database.Statement>();
  private readonly commitTx: (changes: ReadonlyMap<string, WorkspaceChanges>) => void;
  private readonly commitManyTx: (batch: readonly ReadonlyMap<string, WorkspaceChanges>[]) => (unknown | undefined)[];

  constructor(private readonly db: Database.Database) {
    this.durable = !db.memory;
    this.sql = prepareStatements(db);
    const transaction = db.transaction((changes: ReadonlyMap<string, WorkspaceChanges>) => {
      for (const [workspace, change] of changes) this.apply(workspace, change);
    });
    // Taking the write lock up front avoids a lock upgrade failing midway.
    this.commitTx = (changes) => transaction.immediate(changes);
    // Nested in the batch's transaction, each unit's `transaction` runs in a savepoint of its own.
    const many = db.transaction((batch: readonly ReadonlyMap<string, WorkspaceChanges>[]) =>
      batch.map((changes) => {
        try {
          transaction(changes);
          return undefined;
        } catch (error) {
          // Some failures (full, I/O) end the whole transaction: then no unit of the batch may count as committed.
          if (!db.inTransaction) throw error;
          return error instanceof StoreConflictError ? error : new StoreUnavailableError({ cause: error });
        }
      }),
    );
    this.commitManyTx = (batch) => many.immediate(batch);
  }

  profileByRef(workspace: string, ref: ProfileRef): ProfileRow | undefined {
    return guard(() => {
      if ('external_id' in ref) return toRow(this.sql.profileByExternalId.get({ workspace, external_id: ref.external_id }));
      if ('braze_id' in ref) return toRow(this.sql.profileByBrazeId.get({ workspace, braze_id: ref.braze_id }));
      return toRow(this.sql.profileByAlias.get({ workspace, ...aliasParams(ref.user_alias) }));
    });
  }

  profileSeq(workspace: string, brazeId: string): number | undefined {
    return guard(() => (this.sql.profileSeq.get({ workspace, braze_id: brazeId }) as { seq: number } | undefined)?.seq);
  }

  profilesByEmail(workspace: string, key: string): ProfileRow[] {
    return guard(() => (this.sql.profilesByEmail.all({ workspace, email_key: key }) as SeqRecordRow[]).map(toProfileRow));
  }

  profilesByPhone(workspace: string, phone: string): ProfileRow[] {
    return guard(() => (this.sql.profilesByPhone.all({ workspace, phone }) as SeqRecordRow[]).map(toProfileRow));
  }

  profilePage(workspace: string, afterSeq: number, limit: number): ProfileRow[] {
    return guard(() => (this.sql.profilePage.all({ workspace, after: afterSeq, limit }) as SeqRecordRow[]).map(toProfileRow));
  }

  countProfiles(workspace: string): number {
    return guard(() => (this.sql.countProfiles.get({ workspace }) as { count: number }).count);
  }

  listMessages(workspace: string, query: MessageQuery): MessagePage {
    return guard(() => {
      const after = Math.max(this.cursorSeq(workspace, query.after) ?? 0, this.sinceSeq(workspace, query.sinceMs));
      const before = this.cursorSeq(workspace, query.before);
      const filters = MESSAGE_FILTER_COLUMNS.filter((column) => query[column] !== undefined);
      const statement = this.messageStatement(filters, before !== undefined, query.order === 'newest');
      const params: Record<string, unknown> = { workspace, after, before, limit: query.limit + 1 };
      for (const column of filters) params[column] = query[column];
      const rows = statement.all(params) as SeqRecordRow[];
      const messages = rows.slice(0, query.limit).map((row) => JSON.parse(row.record) as MessageRecord);
      return { messages, more: rows.length > query.limit };
    });
  }

  getDispatch(workspace: string, dispatchId: string): DispatchRecord | undefined {
    return guard(() => {
      const row = this.sql.dispatch.get({ workspace, dispatch_id: dispatchId }) as { record: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.record) as DispatchRecord);
    });
  }

  listSendIds(workspace: string): SendIdRecord[] {
    return guard(() => (this.sql.sendIds.all({ workspace }) as { record: string }[]).map((row) => JSON.parse(row.record) as SendIdRecord));
  }

  getSchedule(workspace: string, scheduleId: string): ScheduleRecord | undefined {
    return guard(() => {
      const row = this.sql.schedule.get({ workspace, schedule_id: scheduleId }) as { record: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.record) as ScheduleRecord);
    });
  }

  listSchedules(workspace: string, filter: ScheduleFilter): ScheduleRecord[] {
    return guard(() => {
      const params = { workspace, campaign_id: filter.campaign_id ?? null, canvas_id: filter.canvas_id ?? null, state: filter.state ?? null };
      return (this.sql.schedules.all(params) as { record: string }[]).map((row) => JSON.parse(row.record) as ScheduleRecord);
    });
  }

  getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): TransactionalSendRecord | undefined {
    return guard(() => {
      const row = this.sql.transactionalSend.get({ workspace, campaign_id: campaignId, external_send_id: externalSendId }) as { record: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.record) as TransactionalSendRecord);
    });
  }

  listDue(workspace: string, untilMs: number, limit: number): DueItem[] {
    return guard(() => {
      const rows = this.sql.dueUntil.all({ workspace, until: untilMs, limit }) as { seq: number; kind: DueItem['kind']; due_ms: number; payload: string }[];
      return rows.map((row) => ({ id: String(row.seq), kind: row.kind, due_ms: row.due_ms, payload: JSON.parse(row.payload) as unknown }));
    });
  }

  nextDueMs(workspace: string): number | undefined {
    return guard(() => (this.sql.nextDue.get({ workspace }) as { due_ms: number } | undefined)?.due_ms);
  }

  hasDueItem(workspace: string, id: string): boolean {
    return guard(() => this.sql.dueExists.get({ workspace, seq: Number(id) }) !== undefined);
  }

  commit(changes: ReadonlyMap<string, WorkspaceChanges>): void {
    guard(() => this.commitTx(changes));
  }

  /** The group commit: every unit of the batch in one `BEGIN IMMEDIATE … COMMIT`, one fsync. */
  commitMany(batch: readonly ReadonlyMap<string, WorkspaceChanges>[]): (unknown | undefined)[] {
    return guard(() => this.commitManyTx(batch));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs inside the commit's transaction. */
  private apply(workspace: string, change: WorkspaceChanges): void {
    if (change.reset) for (const statement of this.sql.clearWorkspace) statement.run({ workspace });
    this.applyProfiles(workspace, change.profiles, change.created);
    const counts = (this.sql.counts.get({ workspace }) as { messages: number; dispatches: number } | undefined) ?? { messages: 0, dispatches: 0 };
    this.insertMessages(workspace, change.messages);
    counts.messages += change.messages.length;
    if (counts.messages > change.keepMessages) {
      this.sql.dropOldestMessages.run({ workspace, count: counts.messages - change.keepMessages });
      counts.messages = change.keepMessages;
    }
    for (const dispatch of change.dispatches.values()) {
      if (this.sql.dispatchExists.get({ workspace, dispatch_id: dispatch.dispatch_id }) === undefined) counts.dispatches += 1;
      this.sql.upsertDispatch.run({ workspace, dispatch_id: dispatch.dispatch_id, record: JSON.stringify(dispatch) });
    }
    if (counts.dispatches > change.keepDispatches) {
      this.sql.dropOldestDispatches.run({ workspace, count: counts.dispatches - change.keepDispatches });
      counts.dispatches = change.keepDispatches;
    }
    if (change.messages.length > 0 || change.dispatches.size > 0) this.sql.saveCounts.run({ workspace, ...counts });
    for (const record of change.sendIds) this.sql.insertSendId.run({ workspace, record: JSON.stringify(record) });
    for (const schedule of change.schedules.values()) {
      const { schedule_id, state } = schedule;
      this.sql.upsertSchedule.run({ workspace, schedule_id, campaign_id: schedule.campaign_id ?? null, canvas_id: schedule.canvas_id ?? null, state, record: JSON.stringify(schedule) });
    }
    if (change.pruneTransactionalBeforeMs !== -Infinity) this.sql.pruneTransactionalSends.run({ workspace, before: change.pruneTransactionalBeforeMs });
    for (const record of change.transactionalSends.values()) {
      const { campaign_id, external_send_id, expires_ms } = record;
      this.sql.upsertTransactionalSend.run({ workspace, campaign_id, external_send_id, expires_ms, record: JSON.stringify(record) });
    }
    for (const item of change.dueAdded) {
      this.sql.insertDue.run({ workspace, kind: item.kind, kind_rank: dueKindRank(item.kind), due_ms: item.due_ms, payload: JSON.stringify(item.payload) });
    }
    for (const id of change.dueDeleted) this.sql.deleteDue.run({ workspace, seq: Number(id) });
  }

  /** Batched: one multi-row INSERT per 50 messages (a trigger request's worth), not one statement each. */
  private insertMessages(workspace: string, messages: readonly MessageRecord[]): void {
    for (let start = 0; start < messages.length; start += MESSAGE_BATCH) {
      const batch = messages.slice(start, start + MESSAGE_BATCH);
      this.messageInsert(batch.length).run(batch.flatMap((message) => messageValues(workspace, message)));
    }
  }

  private messageInsert(rows: number): Database.Statement {
    let statement = this.messageInserts.get(rows);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO messages (workspace, message_id, sent_ms, dispatch_id, send_id, campaign_id, canvas_id, external_user_id, source, schedule_id, record) VALUES ${values}`);
      this.messageInserts.set(rows, statement);
    }
    return statement;
  }

  /**
   * First every changed profile lets go of its external id and aliases, then each is written with
   * its own: so a batch may move them between its profiles, while a clash with a profile outside
   * the batch is a `StoreConflictError` (and the whole commit rolls back). A profile created in the
   * unit has no older row to let go of: two statements fewer for each new user.
   */
  private applyProfiles(workspace: string, profiles: ReadonlyMap<string, ProfileRecord | null>, created: ReadonlySet<string>): void {
    for (const brazeId of profiles.keys()) {
      if (created.has(brazeId)) continue;
      this.sql.releaseExternalId.run({ workspace, braze_id: brazeId });
      this.sql.deleteAliases.run({ workspace, braze_id: brazeId });
    }
    for (const [brazeId, profile] of profiles) {
      if (profile === null) this.sql.deleteProfile.run({ workspace, braze_id: brazeId });
      else this.writeProfile(workspace, profile);
    }
  }

  private writeProfile(workspace: string, profile: ProfileRecord): void {
    this.assertNoConflict(workspace, profile);
    const record = storedProfile(profile);
    this.sql.upsertProfile.run({
      workspace,
      braze_id: record.braze_id,
      external_id: record.external_id ?? null,
      email_key: profileEmailKey(record) ?? null,
      phone: profilePhone(record) ?? null,
      record: JSON.stringify(record),
    });
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

  private cursorSeq(workspace: string, id: string | undefined): number | undefined {
    if (id === undefined) return undefined;
    const row = this.sql.messageSeq.get({ workspace, message_id: id }) as { seq: number } | undefined;
    if (row === undefined) throw new UnknownCursorError(id);
    return row.seq;
  }

  /** Messages are recorded in clock order: the first one sent at or after `since` starts the page. */
  private sinceSeq(workspace: string, sinceMs: number | undefined): number {
    if (sinceMs === undefined) return 0;
    const row = this.sql.firstMessageSince.get({ workspace, since: sinceMs }) as { seq: number } | undefined;
    return row === undefined ? Number.MAX_SAFE_INTEGER : row.seq - 1;
  }

  /** Column names come from the fixed list, never from the caller; values are bound parameters. */
  private messageStatement(filters: readonly string[], bounded: boolean, newest: boolean): Database.Statement {
    const conditions = filters.map((column) => ` AND ${column} = @${column}`).join('');
    const sql = `SELECT seq, record FROM messages WHERE workspace = @workspace${conditions} AND seq > @after${bounded ? ' AND seq < @before' : ''} ORDER BY seq${newest ? ' DESC' : ''} LIMIT @limit`;
    let statement = this.messageStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.messageStatements.set(sql, statement);
    }
    return statement;
  }
}

/** Our own conflicts pass through; anything the database throws means the store is unavailable. */
function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StoreConflictError || error instanceof UnknownCursorError || error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError({ cause: error });
  }
}

function toRow(row: unknown): ProfileRow | undefined {
  return row === undefined ? undefined : toProfileRow(row as SeqRecordRow);
}

/** JSON.parse makes `__proto__` an own data property, never a prototype. */
function toProfileRow(row: SeqRecordRow): ProfileRow {
  return { seq: row.seq, profile: JSON.parse(row.record) as ProfileRecord };
}

/** The values of one message row, in the column order of the batched INSERT. */
function messageValues(workspace: string, message: MessageRecord): unknown[] {
  return [
    workspace,
    message.id,
    Date.parse(message.sent_at),
    message.dispatch_id,
    message.send_id ?? null,
    message.campaign_id ?? null,
    message.canvas_id ?? null,
    message.recipient.external_user_id ?? null,
    message.source ?? 'trigger',
    message.schedule_id ?? null,
    JSON.stringify(message),
  ];
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
    ...(profile.merged_profiles === undefined ? {} : { merged_profiles: profile.merged_profiles.map((merged) => ({ ...merged })) }),
  };
}

function aliasParams(alias: UserAlias): { alias_label: string; alias_name: string } {
  return { alias_label: alias.alias_label, alias_name: alias.alias_name };
}
