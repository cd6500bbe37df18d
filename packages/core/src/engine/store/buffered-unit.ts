import type { DispatchRecord, MessageRecord } from '../../schema/responses.schema';
import {
  type DueItemInput,
  type ProfilePage,
  type ProfilePageRequest,
  type ProfileRecord,
  type ProfileRef,
  type Retention,
  type ScheduleRecord,
  type SendIdRecord,
  StoreConflictError,
  type TransactionalSendRecord,
  type StoreUnit,
} from '../ports/store.port';
import { aliasKey, type CommittedState, emailKey, type ProfileRow, profileEmailKey, profilePhone, transactionalSendKey, type WorkspaceChanges } from './committed-state';
import type { LockOwner, LockTable } from './lock-table';

/** A buffered profile version; `seq` is its committed rank (undefined: created in this unit). */
interface BufferedProfile {
  profile: ProfileRecord | null;
  seq: number | undefined;
}

/** One workspace as a unit sees it: committed state overlaid with the unit's own writes. */
class WorkspaceBuffer {
  reset = false;
  readonly profiles = new Map<string, BufferedProfile>();
  /** Buffered owners of external ids and aliases, so lookups of the unit's own writes need no scan. */
  readonly byExternalId = new Map<string, string>();
  readonly byAlias = new Map<string, string>();
  messages: MessageRecord[] = [];
  keepMessages = Infinity;
  readonly dispatches = new Map<string, DispatchRecord>();
  keepDispatches = Infinity;
  readonly sendIds: SendIdRecord[] = [];
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly transactionalSends = new Map<string, TransactionalSendRecord>();
  pruneTransactionalBeforeMs = -Infinity;
  readonly dueAdded: DueItemInput[] = [];
  readonly dueDeleted = new Set<string>();
  wrote = false;

  constructor(readonly epoch: number) {}

  index(brazeId: string, profile: ProfileRecord | null): void {
    if (profile === null) return;
    if (profile.external_id !== undefined) this.byExternalId.set(profile.external_id, brazeId);
    for (const alias of profile.user_aliases) this.byAlias.set(aliasKey(alias), brazeId);
  }

  unindex(profile: ProfileRecord | null): void {
    if (profile === null) return;
    if (profile.external_id !== undefined && this.byExternalId.get(profile.external_id) === profile.braze_id) this.byExternalId.delete(profile.external_id);
    for (const alias of profile.user_aliases) if (this.byAlias.get(aliasKey(alias)) === profile.braze_id) this.byAlias.delete(aliasKey(alias));
  }

  changes(): WorkspaceChanges {
    const profiles = new Map<string, ProfileRecord | null>();
    const created = new Set<string>();
    for (const [brazeId, entry] of this.profiles) {
      profiles.set(brazeId, entry.profile);
      if (entry.seq === undefined) created.add(brazeId);
    }
    return {
      reset: this.reset,
      profiles,
      created,
      messages: this.messages,
      keepMessages: this.keepMessages,
      dispatches: this.dispatches,
      keepDispatches: this.keepDispatches,
      sendIds: this.sendIds,
      schedules: this.schedules,
      transactionalSends: this.transactionalSends,
      pruneTransactionalBeforeMs: this.pruneTransactionalBeforeMs,
      dueAdded: this.dueAdded,
      dueDeleted: [...this.dueDeleted],
    };
  }
}

/** Thrown at commit when a workspace was reset after this unit first read it: the unit is run again. */
export class UnitRaceError extends Error {
  override readonly name = 'UnitRaceError';
}

/** What a unit's reads need to know about the committed side: its state and per-workspace reset epochs. */
export interface CommittedSide {
  state: CommittedState;
  epoch(workspace: string): number;
}

/**
 * A unit of work over committed in-process state: writes are buffered (nothing is copied, the
 * records given are kept as they are) and applied by one `commit`; reads see committed state
 * overlaid with the buffer. Locks come from the shared lock table and are released by the store.
 */
export class BufferedUnit implements StoreUnit {
  private readonly buffers = new Map<string, WorkspaceBuffer>();

  constructor(
    private readonly committed: CommittedSide,
    private readonly locks: LockTable,
    readonly owner: LockOwner,
  ) {}

  lock(keys: readonly string[]): Promise<void> {
    return this.locks.acquire(this.owner, keys);
  }

  async tryLock(key: string): Promise<boolean> {
    return this.locks.tryAcquire(this.owner, key);
  }

  holds(key: string): boolean {
    return this.owner.held.has(key);
  }

  async findProfile(workspace: string, ref: ProfileRef): Promise<ProfileRecord | undefined> {
    return this.find(workspace, ref);
  }

  async findProfilesByEmail(workspace: string, email: string): Promise<ProfileRecord[]> {
    const key = emailKey(email);
    return this.owners(workspace, (state) => state.profilesByEmail(workspace, key), (profile) => profileEmailKey(profile) === key);
  }

  async findProfilesByPhone(workspace: string, phone: string): Promise<ProfileRecord[]> {
    return this.owners(workspace, (state) => state.profilesByPhone(workspace, phone), (profile) => profilePhone(profile) === phone);
  }

  async scanProfiles(workspace: string, page: ProfilePageRequest): Promise<ProfilePage> {
    const buffer = this.buffer(workspace);
    const after = page.after ?? '0';
    if (!after.startsWith('n') && !buffer.reset) {
      const rows = this.committed.state.profilePage(workspace, Number(after), page.limit);
      const last = rows[rows.length - 1];
      if (last !== undefined) {
        const profiles = rows.map((row) => this.overlaid(buffer, row)).filter((profile): profile is ProfileRecord => profile !== undefined);
        return { profiles, next: String(last.seq) };
      }
    }
    // Committed profiles are done: the unit's own new ones follow, in creation order.
    const created = [...buffer.profiles.values()].filter((entry) => entry.seq === undefined && entry.profile !== null);
    const from = after.startsWith('n') ? Number(after.slice(1)) : 0;
    const slice = created.slice(from, from + page.limit).map((entry) => entry.profile as ProfileRecord);
    return { profiles: slice, next: from + page.limit < created.length ? `n${from + page.limit}` : undefined };
  }

  async countProfiles(workspace: string): Promise<number> {
    const buffer = this.buffer(workspace);
    let count = buffer.reset ? 0 : this.committed.state.countProfiles(workspace);
    for (const entry of buffer.profiles.values()) {
      if (entry.seq === undefined) count += entry.profile === null ? 0 : 1;
      else if (entry.profile === null) count -= 1;
    }
    return count;
  }

  async saveProfile(workspace: string, profile: ProfileRecord): Promise<void> {
    const buffer = this.buffer(workspace);
    this.assertNoConflict(workspace, profile);
    const previous = buffer.profiles.get(profile.braze_id);
    if (previous) buffer.unindex(previous.profile);
    const seq = previous ? previous.seq : buffer.reset ? undefined : this.committed.state.profileSeq(workspace, profile.braze_id);
    buffer.profiles.set(profile.braze_id, { profile, seq });
    buffer.index(profile.braze_id, profile);
    buffer.wrote = true;
  }

  async deleteProfile(workspace: string, brazeId: string): Promise<boolean> {
    const buffer = this.buffer(workspace);
    const existing = this.find(workspace, { braze_id: brazeId });
    if (existing === undefined) return false;
    const previous = buffer.profiles.get(brazeId);
    if (previous) buffer.unindex(previous.profile);
    buffer.profiles.set(brazeId, { profile: null, seq: previous ? previous.seq : this.committed.state.profileSeq(workspace, brazeId) });
    buffer.wrote = true;
    return true;
  }

  async appendMessages(workspace: string, messages: readonly MessageRecord[], retention: Retention): Promise<void> {
    const buffer = this.buffer(workspace);
    for (const message of messages) buffer.messages.push(message);
    buffer.keepMessages = Math.min(buffer.keepMessages, retention.keepNewest);
    // Older ones than the newest `keep` would be dropped at commit anyway: a broadcast to a
    // million profiles buffers at most twice the retention.
    if (buffer.messages.length > 2 * buffer.keepMessages) buffer.messages = buffer.messages.slice(-buffer.keepMessages);
    buffer.wrote = true;
  }

  async saveDispatch(workspace: string, dispatch: DispatchRecord, retention: Retention): Promise<void> {
    const buffer = this.buffer(workspace);
    buffer.dispatches.set(dispatch.dispatch_id, dispatch);
    buffer.keepDispatches = Math.min(buffer.keepDispatches, retention.keepNewest);
    buffer.wrote = true;
  }

  async saveSendId(workspace: string, record: SendIdRecord): Promise<void> {
    const buffer = this.buffer(workspace);
    buffer.sendIds.push(record);
    buffer.wrote = true;
  }

  async getSchedule(workspace: string, scheduleId: string): Promise<ScheduleRecord | undefined> {
    const buffer = this.buffer(workspace);
    const own = buffer.schedules.get(scheduleId);
    if (own !== undefined) return structuredClone(own);
    return buffer.reset ? undefined : this.committed.state.getSchedule(workspace, scheduleId);
  }

  async saveSchedule(workspace: string, schedule: ScheduleRecord): Promise<void> {
    const buffer = this.buffer(workspace);
    buffer.schedules.set(schedule.schedule_id, schedule);
    buffer.wrote = true;
  }

  async getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): Promise<TransactionalSendRecord | undefined> {
    const buffer = this.buffer(workspace);
    const own = buffer.transactionalSends.get(transactionalSendKey(campaignId, externalSendId));
    if (own !== undefined) return structuredClone(own);
    if (buffer.reset) return undefined;
    const committed = this.committed.state.getTransactionalSend(workspace, campaignId, externalSendId);
    return committed !== undefined && committed.expires_ms > buffer.pruneTransactionalBeforeMs ? committed : undefined;
  }

  async saveTransactionalSend(workspace: string, record: TransactionalSendRecord, expiredBeforeMs: number): Promise<void> {
    const buffer = this.buffer(workspace);
    buffer.pruneTransactionalBeforeMs = Math.max(buffer.pruneTransactionalBeforeMs, expiredBeforeMs);
    for (const [key, own] of buffer.transactionalSends) if (own.expires_ms <= expiredBeforeMs) buffer.transactionalSends.delete(key);
    buffer.transactionalSends.set(transactionalSendKey(record.campaign_id, record.external_send_id), record);
    buffer.wrote = true;
  }

  async addDueItem(workspace: string, item: DueItemInput): Promise<void> {
    const buffer = this.buffer(workspace);
    buffer.dueAdded.push(item);
    buffer.wrote = true;
  }

  async deleteDueItem(workspace: string, id: string): Promise<boolean> {
    const buffer = this.buffer(workspace);
    if (buffer.reset || buffer.dueDeleted.has(id) || !this.committed.state.hasDueItem(workspace, id)) return false;
    buffer.dueDeleted.add(id);
    buffer.wrote = true;
    return true;
  }

  async resetWorkspace(workspace: string, seeds: readonly ProfileRecord[]): Promise<void> {
    const epoch = this.buffer(workspace).epoch;
    const fresh = new WorkspaceBuffer(epoch);
    fresh.reset = true;
    fresh.wrote = true;
    this.buffers.set(workspace, fresh);
    for (const seed of seeds) await this.saveProfile(workspace, seed);
  }

  /** Workspaces this unit reset (their committed epoch moves on). */
  resetWorkspaces(): string[] {
    return [...this.buffers].filter(([, buffer]) => buffer.reset).map(([workspace]) => workspace);
  }

  /**
   * Every buffered write, by workspace, checked against the epochs the commit will happen at:
   * throws `UnitRaceError` when a workspace this unit read was reset meanwhile.
   */
  changes(epochAtCommit: (workspace: string) => number): Map<string, WorkspaceChanges> {
    const changes = new Map<string, WorkspaceChanges>();
    for (const [workspace, buffer] of this.buffers) {
      if (epochAtCommit(workspace) !== buffer.epoch) throw new UnitRaceError(`workspace ${workspace} was reset during the unit`);
      if (buffer.wrote) changes.set(workspace, buffer.changes());
    }
    return changes;
  }

  private buffer(workspace: string): WorkspaceBuffer {
    let buffer = this.buffers.get(workspace);
    if (buffer === undefined) {
      buffer = new WorkspaceBuffer(this.committed.epoch(workspace));
      this.buffers.set(workspace, buffer);
    }
    return buffer;
  }

  private find(workspace: string, ref: ProfileRef): ProfileRecord | undefined {
    const buffer = this.buffer(workspace);
    const ownId = 'braze_id' in ref ? ref.braze_id : 'external_id' in ref ? buffer.byExternalId.get(ref.external_id) : buffer.byAlias.get(aliasKey(ref.user_alias));
    const own = ownId === undefined ? undefined : buffer.profiles.get(ownId);
    if (own !== undefined && own.profile !== null && matchesRef(own.profile, ref)) return own.profile;
    if (buffer.reset || ('braze_id' in ref && own !== undefined)) return undefined;
    const row = this.committed.state.profileByRef(workspace, ref);
    if (row === undefined) return undefined;
    const profile = this.overlaid(buffer, row);
    return profile !== undefined && matchesRef(profile, ref) ? profile : undefined;
  }

  /** A committed row as this unit sees it: its buffered version (or none, if deleted) when it has one. */
  private overlaid(buffer: WorkspaceBuffer, row: ProfileRow): ProfileRecord | undefined {
    const own = buffer.profiles.get(row.profile.braze_id);
    if (own === undefined) return row.profile;
    return own.profile ?? undefined;
  }

  /** Email or phone owners: committed ones as overlaid, plus buffered ones that now match, by rank (new ones last). */
  private owners(workspace: string, committed: (state: CommittedState) => ProfileRow[], matches: (profile: ProfileRecord) => boolean): ProfileRecord[] {
    const buffer = this.buffer(workspace);
    const found: { rank: number; profile: ProfileRecord }[] = [];
    const seen = new Set<string>();
    if (!buffer.reset) {
      for (const row of committed(this.committed.state)) {
        seen.add(row.profile.braze_id);
        const profile = this.overlaid(buffer, row);
        if (profile !== undefined && matches(profile)) found.push({ rank: row.seq, profile });
      }
    }
    let created = 0;
    for (const [brazeId, entry] of buffer.profiles) {
      const rank = entry.seq ?? Number.MAX_SAFE_INTEGER - 1_000_000 + created++;
      if (entry.profile !== null && !seen.has(brazeId) && matches(entry.profile)) found.push({ rank, profile: entry.profile });
    }
    return found.sort((a, b) => a.rank - b.rank).map((entry) => entry.profile);
  }

  private assertNoConflict(workspace: string, profile: ProfileRecord): void {
    if (profile.external_id !== undefined) {
      const owner = this.find(workspace, { external_id: profile.external_id });
      if (owner && owner.braze_id !== profile.braze_id) throw new StoreConflictError(workspace, 'external_id', profile.external_id);
    }
    for (const alias of profile.user_aliases) {
      const owner = this.find(workspace, { user_alias: alias });
      if (owner && owner.braze_id !== profile.braze_id) throw new StoreConflictError(workspace, 'user_alias', `${alias.alias_label}:${alias.alias_name}`);
    }
  }
}

function matchesRef(profile: ProfileRecord, ref: ProfileRef): boolean {
  if ('braze_id' in ref) return profile.braze_id === ref.braze_id;
  if ('external_id' in ref) return profile.external_id === ref.external_id;
  const key = aliasKey(ref.user_alias);
  return profile.user_aliases.some((alias) => aliasKey(alias) === key);
}
