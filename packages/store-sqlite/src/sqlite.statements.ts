import type Database from 'better-sqlite3';

/** Every fixed statement of the store, prepared once per connection. */
export function prepareStatements(db: Database.Database): Statements {
  const prepare = (source: string): Database.Statement => db.prepare(source);
  return {
    profileByBrazeId: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND braze_id = @braze_id'),
    profileByExternalId: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND external_id = @external_id'),
    profileByAlias: prepare(
      `SELECT p.seq, p.record FROM profile_aliases a JOIN profiles p ON p.workspace = a.workspace AND p.braze_id = a.braze_id
       WHERE a.workspace = @workspace AND a.alias_label = @alias_label AND a.alias_name = @alias_name`,
    ),
    profileSeq: prepare('SELECT seq FROM profiles WHERE workspace = @workspace AND braze_id = @braze_id'),
    profilesByEmail: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND email_key = @email_key ORDER BY seq'),
    profilesByPhone: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND phone = @phone ORDER BY seq'),
    profilePage: prepare('SELECT seq, record FROM profiles WHERE workspace = @workspace AND seq > @after ORDER BY seq LIMIT @limit'),
    countProfiles: prepare('SELECT COUNT(*) AS count FROM profiles WHERE workspace = @workspace'),
    externalIdOwner: prepare('SELECT braze_id FROM profiles WHERE workspace = @workspace AND external_id = @external_id'),
    aliasOwner: prepare('SELECT braze_id FROM profile_aliases WHERE workspace = @workspace AND alias_label = @alias_label AND alias_name = @alias_name'),
    /** Frees what a changed profile held, so the batch can move an external id or alias between its profiles. */
    releaseExternalId: prepare('UPDATE profiles SET external_id = NULL WHERE workspace = @workspace AND braze_id = @braze_id AND external_id IS NOT NULL'),
    // A new profile takes the next `seq`; a replaced one keeps its own (its place in broadcast order).
    upsertProfile: prepare(
      `INSERT INTO profiles (workspace, braze_id, seq, external_id, email_key, phone, record)
       VALUES (@workspace, @braze_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM profiles WHERE workspace = @workspace), @external_id, @email_key, @phone, @record)
       ON CONFLICT (workspace, braze_id) DO UPDATE SET external_id = excluded.external_id, email_key = excluded.email_key, phone = excluded.phone, record = excluded.record`,
    ),
    deleteProfile: prepare('DELETE FROM profiles WHERE workspace = @workspace AND braze_id = @braze_id'),
    deleteAliases: prepare('DELETE FROM profile_aliases WHERE workspace = @workspace AND braze_id = @braze_id'),
    insertAlias: prepare('INSERT INTO profile_aliases (workspace, alias_label, alias_name, braze_id) VALUES (@workspace, @alias_label, @alias_name, @braze_id)'),

    messageSeq: prepare('SELECT seq FROM messages WHERE workspace = @workspace AND message_id = @message_id ORDER BY seq DESC LIMIT 1'),
    firstMessageSince: prepare('SELECT seq FROM messages WHERE workspace = @workspace AND sent_ms >= @since ORDER BY sent_ms, seq LIMIT 1'),
    dropOldestMessages: prepare('DELETE FROM messages WHERE seq IN (SELECT seq FROM messages WHERE workspace = @workspace ORDER BY seq LIMIT @count)'),

    dispatchExists: prepare('SELECT 1 AS found FROM dispatches WHERE workspace = @workspace AND dispatch_id = @dispatch_id'),
    upsertDispatch: prepare(
      `INSERT INTO dispatches (workspace, dispatch_id, record) VALUES (@workspace, @dispatch_id, @record)
       ON CONFLICT (workspace, dispatch_id) DO UPDATE SET record = excluded.record`,
    ),
    dispatch: prepare('SELECT record FROM dispatches WHERE workspace = @workspace AND dispatch_id = @dispatch_id'),
    dropOldestDispatches: prepare('DELETE FROM dispatches WHERE seq IN (SELECT seq FROM dispatches WHERE workspace = @workspace ORDER BY seq LIMIT @count)'),

    counts: prepare('SELECT messages, dispatches FROM workspace_counts WHERE workspace = @workspace'),
    saveCounts: prepare(
      `INSERT INTO workspace_counts (workspace, messages, dispatches) VALUES (@workspace, @messages, @dispatches)
       ON CONFLICT (workspace) DO UPDATE SET messages = excluded.messages, dispatches = excluded.dispatches`,
    ),

    insertSendId: prepare('INSERT INTO send_ids (workspace, record) VALUES (@workspace, @record)'),
    sendIds: prepare('SELECT record FROM send_ids WHERE workspace = @workspace ORDER BY seq'),

    insertDue: prepare('INSERT INTO due_items (workspace, kind, kind_rank, due_ms, payload) VALUES (@workspace, @kind, @kind_rank, @due_ms, @payload)'),
    dueUntil: prepare('SELECT seq, kind, due_ms, payload FROM due_items WHERE workspace = @workspace AND due_ms <= @until ORDER BY due_ms, kind_rank, seq LIMIT @limit'),
    nextDue: prepare('SELECT due_ms FROM due_items WHERE workspace = @workspace ORDER BY due_ms, seq LIMIT 1'),
    dueExists: prepare('SELECT 1 AS found FROM due_items WHERE workspace = @workspace AND seq = @seq'),
    deleteDue: prepare('DELETE FROM due_items WHERE workspace = @workspace AND seq = @seq'),

    upsertSchedule: prepare(
      `INSERT INTO schedules (workspace, schedule_id, campaign_id, canvas_id, state, record) VALUES (@workspace, @schedule_id, @campaign_id, @canvas_id, @state, @record)
       ON CONFLICT (workspace, schedule_id) DO UPDATE SET state = excluded.state, record = excluded.record`,
    ),
    schedule: prepare('SELECT record FROM schedules WHERE workspace = @workspace AND schedule_id = @schedule_id'),
    schedules: prepare(
      `SELECT record FROM schedules WHERE workspace = @workspace
       AND (@campaign_id IS NULL OR campaign_id = @campaign_id) AND (@canvas_id IS NULL OR canvas_id = @canvas_id) AND (@state IS NULL OR state = @state)
       ORDER BY seq`,
    ),

    upsertTransactionalSend: prepare(
      `INSERT INTO transactional_sends (workspace, campaign_id, external_send_id, expires_ms, record) VALUES (@workspace, @campaign_id, @external_send_id, @expires_ms, @record)
       ON CONFLICT (workspace, campaign_id, external_send_id) DO UPDATE SET expires_ms = excluded.expires_ms, record = excluded.record`,
    ),
    transactionalSend: prepare('SELECT record FROM transactional_sends WHERE workspace = @workspace AND campaign_id = @campaign_id AND external_send_id = @external_send_id'),
    pruneTransactionalSends: prepare('DELETE FROM transactional_sends WHERE workspace = @workspace AND expires_ms <= @before'),

    clearWorkspace: ['profiles', 'profile_aliases', 'messages', 'dispatches', 'send_ids', 'workspace_counts', 'due_items', 'schedules', 'transactional_sends'].map((table) =>
      prepare(`DELETE FROM ${table} WHERE workspace = @workspace`),
    ),
  };
}

/** The statements by name; `clearWorkspace` empties every table of one workspace. */
export type Statements = Record<StatementName, Database.Statement> & { clearWorkspace: Database.Statement[] };

type StatementName =
  | 'profileByBrazeId'
  | 'profileByExternalId'
  | 'profileByAlias'
  | 'profileSeq'
  | 'profilesByEmail'
  | 'profilesByPhone'
  | 'profilePage'
  | 'countProfiles'
  | 'externalIdOwner'
  | 'aliasOwner'
  | 'releaseExternalId'
  | 'upsertProfile'
  | 'deleteProfile'
  | 'deleteAliases'
  | 'insertAlias'
  | 'messageSeq'
  | 'firstMessageSince'
  | 'dropOldestMessages'
  | 'dispatchExists'
  | 'upsertDispatch'
  | 'dispatch'
  | 'dropOldestDispatches'
  | 'counts'
  | 'saveCounts'
  | 'insertSendId'
  | 'sendIds'
  | 'insertDue'
  | 'dueUntil'
  | 'nextDue'
  | 'dueExists'
  | 'deleteDue'
  | 'upsertSchedule'
  | 'schedule'
  | 'schedules'
  | 'upsertTransactionalSend'
  | 'transactionalSend'
  | 'pruneTransactionalSends';
