import type { Prioritization } from '../schema/recipient.schema';

/** What prioritization reads of a profile. */
export interface PrioritizedProfile {
  external_id?: string | undefined;
  /** ISO-8601. */
  updated_at: string;
}

/**
 * The profile an email recipient resolves to (spec 3.3 step 2, Rev 2): `identified` keeps only
 * profiles with an `external_id` and `unidentified` only those without one (filters, as Braze
 * says "must"); `most_recently_updated` / `least_recently_updated` then order what is left (the
 * first of them given wins; most recently updated first when neither is given). Equal times keep
 * the candidates' own order (the store's: oldest first). `undefined` when nothing is left.
 *
 * @example
 * pickByPrioritization([anonymous, known], ['identified']); // → known, never anonymous
 */
export function pickByPrioritization<P extends PrioritizedProfile>(candidates: readonly P[], prioritization: readonly Prioritization[]): P | undefined {
  const left = candidates.filter((profile) => passesFilters(profile, prioritization));
  const order = prioritization.find((rule) => rule === 'most_recently_updated' || rule === 'least_recently_updated') ?? 'most_recently_updated';
  let best: P | undefined;
  for (const profile of left) {
    if (best === undefined || comesFirst(profile, best, order)) best = profile;
  }
  return best;
}

function passesFilters(profile: PrioritizedProfile, prioritization: readonly Prioritization[]): boolean {
  const identified = profile.external_id !== undefined;
  if (prioritization.includes('identified') && !identified) return false;
  if (prioritization.includes('unidentified') && identified) return false;
  return true;
}

/** Strictly earlier in the order; ties keep the first seen. Unparseable times sort last. */
function comesFirst(candidate: PrioritizedProfile, best: PrioritizedProfile, order: 'most_recently_updated' | 'least_recently_updated'): boolean {
  const a = timeOf(candidate, order);
  const b = timeOf(best, order);
  return order === 'most_recently_updated' ? a > b : a < b;
}

function timeOf(profile: PrioritizedProfile, order: 'most_recently_updated' | 'least_recently_updated'): number {
  const time = Date.parse(profile.updated_at);
  if (!Number.isNaN(time)) return time;
  return order === 'most_recently_updated' ? -Infinity : Infinity;
}

/**
 * Whether an email recipient whose prioritization left no profile may create one (spec 3.3 step
 * 2, Rev 2): only when `identified` is not asked for, since a new email-only profile never has
 * an `external_id`. The other conditions (`send_to_existing_only: false`, attributes given) are
 * step 3's, as for any recipient.
 */
export function emailRecipientMayCreate(prioritization: readonly Prioritization[] | undefined): boolean {
  return !(prioritization ?? []).includes('identified');
}

/** What the identifier rules of the user endpoints read of a profile. */
export interface CandidateProfile extends PrioritizedProfile {
  /** ISO-8601. */
  created_at: string;
}

/** Why no profile was picked: none left, or several and no ordering to choose (endpoints spec 6.1). */
export type CandidateSkip = 'user_not_found' | 'ambiguous';

/**
 * Endpoints spec 6.1: the profile an email or phone identifier of `/users/identify`, `/delete` or
 * `/merge` names. `identified` keeps candidates with an `external_id`, `unidentified` those
 * without; `most_recently_updated` / `least_recently_updated` pick the first (ties: the
 * later-created for `most_…`, the earlier for `least_…`). Unlike a trigger recipient there is no
 * default order: several candidates and no ordering value are `ambiguous` (Braze: "if more than
 * one user matches from a prioritization, then merging will not occur"). `candidates` are in the
 * store's order (oldest first).
 *
 * @example
 * pickCandidate([guest, member], ['unidentified']); // → { profile: guest }
 * pickCandidate([guestA, guestB], ['unidentified']); // → { skip: 'ambiguous' }
 */
export function pickCandidate<P extends CandidateProfile>(candidates: readonly P[], prioritization: readonly Prioritization[]): { profile: P } | { skip: CandidateSkip } {
  const left = candidates.filter((profile) => passesFilters(profile, prioritization));
  if (left.length === 0) return { skip: 'user_not_found' };
  const order = prioritization.find((rule) => rule === 'most_recently_updated' || rule === 'least_recently_updated');
  if (order === undefined) return left.length === 1 ? { profile: left[0] as P } : { skip: 'ambiguous' };
  let best = left[0] as P;
  for (const profile of left.slice(1)) {
    const a = timeOf(profile, order);
    const b = timeOf(best, order);
    const created = Date.parse(profile.created_at) - Date.parse(best.created_at);
    if (order === 'most_recently_updated' ? a > b || (a === b && !(created < 0)) : a < b || (a === b && created < 0)) best = profile;
  }
  return { profile: best };
}
