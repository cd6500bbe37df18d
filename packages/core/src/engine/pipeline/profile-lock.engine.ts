import { recipientIdentifierKey, type RecipientIdentifiers } from '../../rules/recipients.rules';
import type { ProfileLocks } from '../ports/profile-locks.port';
import type { ProfileRecord, Store } from '../ports/store.port';
import { resolveProfile, type UserReference } from './profile-resolution.engine';

export interface LockDeps {
  store: Store;
  locks: ProfileLocks;
}

/** One lock namespace per workspace; length-prefixed so no workspace name can forge another's key. */
export function profileLockKey(workspace: string, identifier: RecipientIdentifiers): string {
  return `${workspace.length}:${workspace}${recipientIdentifierKey(identifier)}`;
}

/**
 * Runs `fn` with the profile a reference names, holding the reference's lock and, once resolved,
 * the profile's own (braze_id) lock, re-reading the profile under it. Two requests naming one user
 * differently (external id, alias, email, braze id) therefore still serialise. Locks are always
 * taken reference first, profile second, so two holders can never wait on each other.
 */
export function withResolvedProfile<T>(deps: LockDeps, workspace: string, reference: UserReference, fn: (profile: ProfileRecord | undefined) => Promise<T>): Promise<T> {
  const referenceKey = profileLockKey(workspace, reference.identifier);
  return deps.locks.withLock(referenceKey, async () => {
    const found = await resolveProfile(deps.store, workspace, reference);
    if (!found) return fn(undefined);
    const profileKey = profileLockKey(workspace, { braze_id: found.braze_id });
    if (profileKey === referenceKey) return fn(found);
    return deps.locks.withLock(profileKey, async () => fn(await deps.store.findProfile(workspace, { braze_id: found.braze_id })));
  });
}

/** Runs `fn` with a known profile re-read under its lock (broadcast); `undefined` if it is gone (reset). */
export function withProfileByBrazeId<T>(deps: LockDeps, workspace: string, brazeId: string, fn: (profile: ProfileRecord | undefined) => Promise<T>): Promise<T> {
  return deps.locks.withLock(profileLockKey(workspace, { braze_id: brazeId }), async () => fn(await deps.store.findProfile(workspace, { braze_id: brazeId })));
}
