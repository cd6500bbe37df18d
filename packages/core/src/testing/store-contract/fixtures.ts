import type { ProfileRecord, Store, StoreUnit } from '../../engine/ports/store.port';
import type { MessageRecord } from '../../schema/responses.schema';

export const T0 = '2026-01-01T00:00:00.000Z';
export const T1 = '2026-01-02T00:00:00.000Z';
/** Matched by name, not `instanceof`: the built `testing` entry and the main entry may each carry their own copy of a class. */
export const CONFLICT = { name: 'StoreConflictError' };
/** Retention large enough not to matter. */
export const KEEP_ALL = { keepNewest: 1_000_000 };

/** The store under test, for the current test. */
export type CurrentStore = () => Store;

/** A profile record with sensible defaults, for store tests. */
export function makeProfile(overrides: Partial<ProfileRecord> & Pick<ProfileRecord, 'braze_id'>): ProfileRecord {
  return { user_aliases: [], attributes: {}, events: {}, purchases: {}, created_at: T0, updated_at: T0, ...overrides };
}

export function makeMessage(overrides: Partial<MessageRecord> & Pick<MessageRecord, 'id'>): MessageRecord {
  return {
    dispatch_id: 'd-1',
    campaign_id: 'c-1',
    source: 'trigger',
    channel: 'email',
    recipient: { external_user_id: 'u-1', braze_id: 'b-1' },
    content: { subject: 'Hi', body: 'Hello' },
    trigger_properties: {},
    sent_at: T0,
    ...overrides,
  };
}

/** Saves profiles in one unit each (the way the engine writes). */
export async function save(store: Store, workspace: string, ...profiles: ProfileRecord[]): Promise<void> {
  for (const profile of profiles) await store.unit((tx) => tx.saveProfile(workspace, profile));
}

/** Runs `fn` as one unit and returns its result. */
export function inUnit<T>(store: Store, fn: (tx: StoreUnit) => Promise<T>): Promise<T> {
  return store.unit(fn);
}

/** Every profile of a workspace, page by page (pages of `pageSize`). */
export async function scanAll(reader: Pick<Store, 'scanProfiles'>, workspace: string, pageSize = 2): Promise<ProfileRecord[]> {
  const all: ProfileRecord[] = [];
  let after: string | undefined;
  do {
    const page = await reader.scanProfiles(workspace, { after, limit: pageSize });
    all.push(...page.profiles);
    after = page.next;
  } while (after !== undefined);
  return all;
}

/** Message ids of a page. */
export async function messageIds(store: Store, workspace: string, query: Partial<Parameters<Store['listMessages']>[1]> = {}): Promise<string[]> {
  return (await store.listMessages(workspace, { limit: 1_000, ...query })).messages.map((m) => m.id);
}

/** A promise and the function that settles it, for holding a unit open. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
