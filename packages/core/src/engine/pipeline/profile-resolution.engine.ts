import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { Prioritization } from '../../schema/recipient.schema';
import type { ProfileRecord, ProfileRef, StoreReader } from '../ports/store.port';


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

/** Spec 3.3 step 2: one profile per reference; several email matches are not merged. */
export async function resolveProfile(store: StoreReader, workspace: string, reference: UserReference): Promise<ProfileRecord | undefined> {
  const ref = profileRefOf(reference.identifier);
  if (ref) return store.findProfile(workspace, ref);
  const email = reference.identifier.email;
  if (email === undefined) return undefined;
  return pickByPrioritization(await store.findProfilesByEmail(workspace, email), reference.prioritization ?? []);
}

/**
 * The first profile by the prioritization order: each entry ranks candidates (identified or
 * unidentified first, most or least recently updated first); later entries break earlier ties, and
 * the store's order (oldest first) breaks the rest.
 */
export function pickByPrioritization(candidates: readonly ProfileRecord[], prioritization: readonly Prioritization[]): ProfileRecord | undefined {
  if (candidates.length < 2) return candidates[0];
  const ranked = candidates.map((profile, position) => ({ profile, position }));
  ranked.sort((a, b) => {
    for (const rule of prioritization) {
      const order = compareBy(rule, a.profile, b.profile);
      if (order !== 0) return order;
    }
    return a.position - b.position;
  });
  return ranked[0]?.profile;
}

function compareBy(rule: Prioritization, a: ProfileRecord, b: ProfileRecord): number {
  switch (rule) {
    case 'identified':
      return Number(b.external_id !== undefined) - Number(a.external_id !== undefined);
    case 'unidentified':
      return Number(a.external_id !== undefined) - Number(b.external_id !== undefined);
    case 'most_recently_updated':
      return Date.parse(b.updated_at) - Date.parse(a.updated_at);
    case 'least_recently_updated':
      return Date.parse(a.updated_at) - Date.parse(b.updated_at);
  }
}
