import { pickByPrioritization } from '../../rules/prioritization.rules';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { Prioritization } from '../../schema/recipient.schema';
import type { ProfileRecord, ProfileRef, Store } from '../ports/store.port';


/** A user reference as the pipeline sees it: a recipient's identifier, or a `/users/track` item's. */
export interface UserReference {
  identifier: RecipientIdentifiers;
  prioritization?: readonly Prioritization[] | undefined;
}

/** The direct store reference of an identifier; `undefined` for email (resolved through prioritization). */
export function profileRefOf(identifier: RecipientIdentifiers): ProfileRef | undefined {
  if (identifier.external_user_id !== undefined) return { external_id: identifier.external_user_id };
  if (identifier.braze_id !== undefined) return { braze_id: identifier.braze_id };
  if (identifier.user_alias !== undefined) return { user_alias: identifier.user_alias };
  return undefined;
}

/**
 * Spec 3.3 step 2 and spec 8: one profile per reference; several email (or phone) matches are
 * not merged but prioritized (a `/users/track` item has no prioritization: the most recently
 * updated one).
 */
export async function resolveProfile(store: Store, workspace: string, reference: UserReference): Promise<ProfileRecord | undefined> {
  const ref = profileRefOf(reference.identifier);
  if (ref) return store.findProfile(workspace, ref);
  const { email, phone } = reference.identifier;
  if (email !== undefined) return pickByPrioritization(await store.findProfilesByEmail(workspace, email), reference.prioritization ?? []);
  if (phone !== undefined) return pickByPrioritization(await store.findProfilesByPhone(workspace, phone), []);
  return undefined;
}
