import type { ProfileRecord, StoreUnit } from '../ports/store.port';
import { profileLockKey, type UnitLocks } from './locked-unit.engine';
import { resolveProfile, type UserReference } from './profile-resolution.engine';

/**
 * The profile a reference names, read while the unit holds the profile's own (braze_id) key as
 * well as the reference's, so two requests naming one user differently (external id, alias,
 * email, phone, braze id) serialise. A key taken only now means the first read was unguarded: the
 * profile is read again under it.
 */
export async function resolveLocked(tx: StoreUnit, locks: UnitLocks, workspace: string, reference: UserReference): Promise<ProfileRecord | undefined> {
  const found = await resolveProfile(tx, workspace, reference);
  if (!found) return undefined;
  const takenNow = await locks.ensure(profileLockKey(workspace, { braze_id: found.braze_id }));
  return takenNow ? tx.findProfile(workspace, { braze_id: found.braze_id }) : found;
}

/** The lock keys of a request's references, each once. */
export function referenceLockKeys(workspace: string, references: Iterable<UserReference>): string[] {
  const keys = new Set<string>();
  for (const reference of references) keys.add(profileLockKey(workspace, reference.identifier));
  return [...keys];
}
