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
  SendIdRecord,
  Store,
  StoreUnit,
} from '../ports/store.port';
import { BufferedUnit, type CommittedSide, UnitRaceError } from './buffered-unit';
import { type CommittedState, emailKey } from './committed-state';
import { createLockTable, type LockTable } from './lock-table';

/** How often a unit is run again after a concurrent reset of a workspace it read. */
const RACE_ATTEMPTS = 5;

/**
 * The `Store` port over in-process committed state (memory, SQLite): each unit buffers its
 * writes and commits them with one `state.commit`, locks live in an in-process lock table, and a
 * unit that read a workspace which was reset before it committed is run again. Lock waits and
 * commits never cross processes: one process owns the state.
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
        this.assertOpen();
        unit.commit();
        this.bumpResetEpochs(unit);
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

  /** A committed reset makes every unit that read the workspace before it run again. */
  private bumpResetEpochs(unit: BufferedUnit): void {
    for (const workspace of unit.resetWorkspaces()) this.epochs.set(workspace, (this.epochs.get(workspace) ?? 0) + 1);
  }
}
