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
