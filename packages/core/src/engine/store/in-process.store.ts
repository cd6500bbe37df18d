import { StoreUnavailableError } from '../../errors';
import type { DispatchRecord } from '../../schema/responses.schema';
import type {
  DueItem,
  MessagePage,
  MessageQuery,
  ProfilePage,
  ProfilePageRequest,
  ProfileRecord,
  ProfileRef,
  ScheduleFilter,
  ScheduleRecord,
  SendIdRecord,
  TransactionalSendRecord,
  Store,
  StoreUnit,
} from '../ports/store.port';
import { BufferedUnit, type CommittedSide, UnitRaceError } from './buffered-unit';
import { type CommittedState, emailKey } from './committed-state';
import { createLockTable, type LockTable } from './lock-table';

/** How often a unit is run again after a concurrent reset of a workspace it read. */
const RACE_ATTEMPTS = 5;

/** A unit whose `fn` is done, waiting for the group commit it joined. */
interface QueuedCommit {
  unit: BufferedUnit;
  settle: (error?: unknown) => void;
}

/** Runs `task` after the current I/O callbacks, so units finishing together commit together. */
const soon: (task: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (task) => void globalThis.setImmediate(task) : (task) => void setTimeout(task, 0);

/**
 * The `Store` port over in-process committed state (memory, SQLite): each unit buffers its
 * writes and commits them with one `state.commit`, locks live in an in-process lock table, and a
 * unit that read a workspace which was reset before it committed is run again. Lock waits and
 * commits never cross processes: one process owns the state.
 *
 * Group commit: when the state has `commitMany` (SQLite), units that finish at about the same
 * time (before the event loop turns) commit in one transaction, one fsync for all of them, each
 * still all-or-nothing; every unit keeps its locks until its commit is durable.
 *
 * @example
 * const store = createInProcessStore(mySqliteState);
 * await store.unit(async (tx) => tx.saveProfile('acme', profile));
 */
export function createInProcessStore(state: CommittedState, locks: LockTable = createLockTable()): Store {
  return new InProcessStore(state, locks);
}

class InProcessStore implements Store {
  private closed = false;
  private readonly epochs = new Map<string, number>();
  private readonly side: CommittedSide;
  private queued: QueuedCommit[] = [];

  constructor(
    private readonly state: CommittedState,
    private readonly locks: LockTable,
  ) {
    this.side = { state, epoch: (workspace) => this.epochs.get(workspace) ?? 0 };
  }

  get durable(): boolean {
    return this.state.durable;
  }

  async unit<T>(fn: (tx: StoreUnit) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.assertOpen();
      const unit = new BufferedUnit(this.side, this.locks, this.locks.owner());
      try {
        const result = await fn(unit);
        await this.commit(unit);
        return result;
      } catch (error) {
        if (!(error instanceof UnitRaceError)) throw error;
        if (attempt >= RACE_ATTEMPTS) throw new StoreUnavailableError({ cause: error });
      } finally {
        this.locks.releaseAll(unit.owner);
      }
    }
  }

  async findProfile(workspace: string, ref: ProfileRef): Promise<ProfileRecord | undefined> {
    return this.read().profileByRef(workspace, ref)?.profile;
  }

  async findProfilesByEmail(workspace: string, email: string): Promise<ProfileRecord[]> {
    return this.read()
      .profilesByEmail(workspace, emailKey(email))
      .map((row) => row.profile);
  }

  async findProfilesByPhone(workspace: string, phone: string): Promise<ProfileRecord[]> {
    return this.read()
      .profilesByPhone(workspace, phone)
      .map((row) => row.profile);
  }

  async scanProfiles(workspace: string, page: ProfilePageRequest): Promise<ProfilePage> {
    const rows = this.read().profilePage(workspace, Number(page.after ?? 0), page.limit);
    const last = rows[rows.length - 1];
    return { profiles: rows.map((row) => row.profile), next: rows.length === page.limit && last ? String(last.seq) : undefined };
  }

  async countProfiles(workspace: string): Promise<number> {
    return this.read().countProfiles(workspace);
  }

  async listMessages(workspace: string, query: MessageQuery): Promise<MessagePage> {
    return this.read().listMessages(workspace, query);
  }

  async getDispatch(workspace: string, dispatchId: string): Promise<DispatchRecord | undefined> {
    return this.read().getDispatch(workspace, dispatchId);
  }

  async listSendIds(workspace: string): Promise<SendIdRecord[]> {
    return this.read().listSendIds(workspace);
  }

  async getSchedule(workspace: string, scheduleId: string): Promise<ScheduleRecord | undefined> {
    return this.read().getSchedule(workspace, scheduleId);
  }

  async listSchedules(workspace: string, filter: ScheduleFilter): Promise<ScheduleRecord[]> {
    return this.read().listSchedules(workspace, filter);
  }

  async getTransactionalSend(workspace: string, campaignId: string, externalSendId: string): Promise<TransactionalSendRecord | undefined> {
    return this.read().getTransactionalSend(workspace, campaignId, externalSendId);
  }

  async listDue(workspace: string, untilMs: number, limit: number): Promise<DueItem[]> {
    return this.read().listDue(workspace, untilMs, limit);
  }

  async nextDueMs(workspace: string): Promise<number | undefined> {
    return this.read().nextDueMs(workspace);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state.close();
  }

  private read(): CommittedState {
    this.assertOpen();
    return this.state;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError({ cause: new Error('The store is closed') });
  }

  private commit(unit: BufferedUnit): Promise<void> {
    this.assertOpen();
    if (this.state.commitMany === undefined) {
      const changes = unit.changes(this.side.epoch);
      if (changes.size > 0) this.state.commit(changes);
      this.bumpResetEpochs(unit, this.epochs);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.queued.push({ unit, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.queued.length === 1) soon(() => this.commitQueued());
    });
  }

  /** One transaction for every queued unit; a reset earlier in the batch sends later readers of its workspace round again. */
  private commitQueued(): void {
    const batch = this.queued;
    this.queued = [];
    const epochs = new Map(this.epochs);
    const accepted: { entry: QueuedCommit; changes: ReturnType<BufferedUnit['changes']> }[] = [];
    for (const entry of batch) {
      try {
        const changes = entry.unit.changes((workspace) => epochs.get(workspace) ?? 0);
        this.bumpResetEpochs(entry.unit, epochs);
        accepted.push({ entry, changes });
      } catch (error) {
        entry.settle(error);
      }
    }
    const writing = accepted.filter(({ changes }) => changes.size > 0);
    let outcomes: (unknown | undefined)[];
    try {
      this.assertOpen();
      outcomes = writing.length === 0 ? [] : (this.state.commitMany as NonNullable<CommittedState['commitMany']>)(writing.map(({ changes }) => changes));
    } catch (error) {
      for (const { entry } of accepted) entry.settle(error);
      return;
    }
    const outcomeOf = new Map(writing.map(({ entry }, index) => [entry, outcomes[index]]));
    for (const { entry } of accepted) {
      const outcome = outcomeOf.get(entry);
      if (outcome === undefined) this.bumpResetEpochs(entry.unit, this.epochs);
      entry.settle(outcome);
    }
  }

  /** A committed reset makes every unit that read the workspace before it run again. */
  private bumpResetEpochs(unit: BufferedUnit, epochs: Map<string, number>): void {
    for (const workspace of unit.resetWorkspaces()) epochs.set(workspace, (epochs.get(workspace) ?? 0) + 1);
  }
}
