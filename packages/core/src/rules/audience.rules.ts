import { type AudienceExpression, type AudienceFilter, type CustomAttributeFilter, type SubscriptionStatus } from '../schema/audience.schema';
import { isPlainObject } from '../schema/json-object.schema';
import { isStandardAttributeName } from '../schema/standard-attributes.schema';
import { parseIsoTime } from './iso-time.rules';
import { compileLinearRegex } from './safe-regex.rules';

/** What an audience or segment is evaluated against: the profile's stored attributes (after this request's update). */
export interface EvaluationProfile {
  /** Standard and custom attributes in one flat object. */
  attributes: Readonly<Record<string, unknown>>;
  /** When the user last used an app (ISO-8601 string or `Date`); absent when never. */
  last_used_app?: string | Date | null | undefined;
}

export interface EvaluationOptions {
  /** The reference instant for the `..._x_days_...` comparisons. */
  now: Date;
  /**
   * `audience`: a request's `audience`, where `custom_attribute_name` names custom attributes only
   * (a standard attribute's name behaves as absent). `segment`: a campaign segment, where standard
   * attributes are visible too (spec 6).
   */
  scope: 'audience' | 'segment';
}

const DAY_MS = 86_400_000;

/**
 * Whether a profile matches an audience or segment expression (spec 6). Total: for any validated
 * expression and any profile it returns a boolean and never throws.
 *
 * - A comparison that does not fit the stored value's type is false (`greater_than` on a string,
 *   `equals` of `"5"` against the number 5, a time comparison on a value that is not an ISO-8601 time).
 * - An absent attribute (or `null`) matches `does_not_exist` and `is_none_of` (Rev 2) and nothing
 *   else, the other negative comparisons (`not_equal`, `does_not_include_value`, `does_not_match_regex`) included.
 * - `is_any_of` / `is_none_of` (Rev 2) test a string attribute's membership in the value (one string
 *   or several), behave as `includes_value` / `does_not_include_value` on an array attribute, and are
 *   false on a number, boolean or time (an ISO-8601 string) attribute.
 * - Times are ISO-8601 strings (nested `$time` values are stored that way); a date without an offset is UTC.
 *   `less_than_x_days_ago` is `now - x days < t <= now`; `greater_than_x_days_ago` is `t < now - x days`;
 *   the `..._in_the_future` forms mirror them.
 * - A missing push or email subscription status counts as `subscribed`.
 * - `matches_regex` runs on an RE2-class engine: linear time, case-sensitive unless the pattern says `(?i)`.
 *
 * @example
 * evaluateAudience(
 *   { AND: [{ custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } }] },
 *   { attributes: { plan: 'pro' } },
 *   { now: new Date(), scope: 'audience' },
 * ); // → true
 */
export function evaluateAudience(expression: AudienceExpression, profile: EvaluationProfile, options: EvaluationOptions): boolean {
  if (!isPlainObject(expression)) return false;
  if ('AND' in expression) return Array.isArray(expression.AND) && expression.AND.every((child) => evaluateAudience(child, profile, options));
  if ('OR' in expression) return Array.isArray(expression.OR) && expression.OR.some((child) => evaluateAudience(child, profile, options));
  return evaluateFilter(expression, profile, options);
}

function evaluateFilter(filter: AudienceFilter, profile: EvaluationProfile, options: EvaluationOptions): boolean {
  if ('custom_attribute' in filter) return evaluateCustomAttribute(filter.custom_attribute, readAttribute(profile, filter.custom_attribute.custom_attribute_name, options.scope), options.now);
  if ('push_subscription_status' in filter) return matchesStatus(readAttribute(profile, 'push_subscribe', 'segment'), filter.push_subscription_status);
  if ('email_subscription_status' in filter) return matchesStatus(readAttribute(profile, 'email_subscribe', 'segment'), filter.email_subscription_status);
  if ('last_used_app' in filter) return compareInstants(toInstant(profile.last_used_app), filter.last_used_app.comparison, filter.last_used_app.value);
  return false;
}

function readAttribute(profile: EvaluationProfile, name: string, scope: EvaluationOptions['scope']): unknown {
  const attributes = profile.attributes;
  if (!isPlainObject(attributes) || !Object.hasOwn(attributes, name)) return undefined;
  if (scope === 'audience' && isStandardAttributeName(name)) return undefined;
  return attributes[name];
}

function matchesStatus(stored: unknown, filter: { comparison: 'is' | 'is_not'; value: SubscriptionStatus }): boolean {
  const status = stored === 'opted_in' || stored === 'unsubscribed' ? stored : 'subscribed';
  return filter.comparison === 'is' ? status === filter.value : status !== filter.value;
}

function evaluateCustomAttribute(filter: CustomAttributeFilter, stored: unknown, now: Date): boolean {
  const present = stored !== undefined && stored !== null;
  switch (filter.comparison) {
    case 'exists':
      return present;
    case 'does_not_exist':
      return !present;
    case 'equals':
      return isScalar(stored) && stored === filter.value;
    case 'not_equal':
    case 'does_not_equal':
      return isScalar(stored) && typeof stored === typeof filter.value && stored !== filter.value;
    case 'matches_regex':
    case 'does_not_match_regex':
      return matchesRegex(stored, filter.value, filter.comparison === 'matches_regex');
    case 'greater_than':
    case 'greater_than_or_equal_to':
    case 'less_than':
    case 'less_than_or_equal_to':
      return typeof stored === 'number' && compareNumbers(stored, filter.comparison, filter.value);
    case 'includes_value':
    case 'does_not_include_value':
      return includesValue(stored, filter.value, filter.comparison === 'includes_value');
    case 'is_any_of':
    case 'is_none_of':
      return isAnyOf(stored, filter.value, filter.comparison === 'is_any_of');
    case 'less_than_x_days_ago':
    case 'greater_than_x_days_ago':
    case 'less_than_x_days_in_the_future':
    case 'greater_than_x_days_in_the_future':
      return compareRelative(toInstant(stored), filter.comparison, filter.value, now.getTime());
    case 'after':
    case 'before':
      return compareInstants(toInstant(stored), filter.comparison, filter.value);
    default:
      return false;
  }
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function matchesRegex(stored: unknown, pattern: string, wanted: boolean): boolean {
  if (typeof stored !== 'string' || typeof pattern !== 'string') return false;
  const compiled = compileLinearRegex(pattern);
  return compiled.ok && compiled.regex.test(stored) === wanted;
}

function compareNumbers(stored: number, comparison: 'greater_than' | 'greater_than_or_equal_to' | 'less_than' | 'less_than_or_equal_to', value: number): boolean {
  if (typeof value !== 'number') return false;
  switch (comparison) {
    case 'greater_than':
      return stored > value;
    case 'greater_than_or_equal_to':
      return stored >= value;
    case 'less_than':
      return stored < value;
    case 'less_than_or_equal_to':
      return stored <= value;
  }
}

function includesValue(stored: unknown, value: string | readonly string[], wanted: boolean): boolean {
  if (!Array.isArray(stored)) return false;
  const candidates: readonly unknown[] = Array.isArray(value) ? value : [value];
  return candidates.some((candidate) => stored.includes(candidate)) === wanted;
}

function isAnyOf(stored: unknown, value: string | readonly string[], wanted: boolean): boolean {
  if (stored === undefined || stored === null) return !wanted;
  if (Array.isArray(stored)) return includesValue(stored, value, wanted);
  // A time is stored as its ISO-8601 string; it is a time attribute, not a string one.
  if (typeof stored !== 'string' || parseIsoTime(stored) !== undefined) return false;
  const candidates: readonly unknown[] = Array.isArray(value) ? value : [value];
  return candidates.includes(stored) === wanted;
}

/** Epoch milliseconds of a stored time: an ISO-8601 string, a `{$time}` marker or a `Date`. */
function toInstant(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (isPlainObject(value) && Object.keys(value).length === 1) return parseIsoTime(value['$time']);
  return parseIsoTime(value);
}

function compareInstants(stored: number | undefined, comparison: 'after' | 'before', value: string): boolean {
  const reference = parseIsoTime(value);
  if (stored === undefined || reference === undefined) return false;
  return comparison === 'after' ? stored > reference : stored < reference;
}

function compareRelative(
  stored: number | undefined,
  comparison: 'less_than_x_days_ago' | 'greater_than_x_days_ago' | 'less_than_x_days_in_the_future' | 'greater_than_x_days_in_the_future',
  days: number,
  now: number,
): boolean {
  if (stored === undefined || typeof days !== 'number' || !Number.isFinite(days) || !Number.isFinite(now)) return false;
  const span = days * DAY_MS;
  switch (comparison) {
    case 'less_than_x_days_ago':
      return stored <= now && stored > now - span;
    case 'greater_than_x_days_ago':
      return stored < now - span;
    case 'less_than_x_days_in_the_future':
      return stored >= now && stored < now + span;
    case 'greater_than_x_days_in_the_future':
      return stored > now + span;
  }
}
