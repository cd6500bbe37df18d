import { z } from 'zod';
import { unionError } from './issue-messages.schema';
import { SUBSCRIPTION_STATUSES } from './audience.schema';

export const GENDERS = ['M', 'F', 'O', 'N', 'P'] as const;
export const SUBSCRIPTION_GROUP_STATES = ['subscribed', 'unsubscribed'] as const;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isCalendarDate(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Codes ICU can name that ISO-3166-1 does not assign: CLDR's own (unknown, EU, eurozone, UN, outlying
 * Oceania), reserved ones (UK, Ascension, Canary Islands...) and withdrawn ones (USSR, Yugoslavia...).
 * Kosovo's user-assigned `XK` stays accepted: it is the code in common use.
 */
const NOT_COUNTRIES: ReadonlySet<string> = new Set([
  ...['ZZ', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB'],
  ...['AC', 'CP', 'CQ', 'DG', 'EA', 'FX', 'IC', 'TA', 'UK'],
  ...['AN', 'BU', 'CS', 'DD', 'DY', 'HV', 'NH', 'RH', 'SU', 'TP', 'VD', 'YD', 'YU', 'ZR'],
]);

function knownDisplayName(type: 'region' | 'language', code: string): boolean {
  try {
    const name = new Intl.DisplayNames(['en'], { type, fallback: 'none' }).of(code);
    return name !== undefined && name !== code;
  } catch {
    return false;
  }
}

// Every segment of an IANA name starts with a capital (Etc/GMT+2, America/Port-au-Prince, EST5EDT); offsets such as `+05:00` are not names.
const IANA_NAME = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/;

let timeZones: Set<string> | undefined;
/**
 * An IANA time zone name the runtime knows. The runtime's list holds one name per zone, and ICU's
 * choice is often the older one (`Asia/Calcutta`), so current names (`Asia/Kolkata`, `Europe/Kyiv`),
 * links (`US/Eastern`) and `UTC`/`Etc/*` are checked with the runtime itself. IANA names are
 * case-sensitive, ICU is not, so a name that only differs in case from its canonical form is rejected.
 */
export function isIanaTimeZone(value: string): boolean {
  timeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (timeZones.has(value)) return true;
  if (!IANA_NAME.test(value)) return false;
  try {
    const canonical = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    return canonical === value || canonical.toLowerCase() !== value.toLowerCase();
  } catch {
    return false;
  }
}

const nullable = <S extends z.ZodType>(schema: S) => schema.nullable();
const text = z.string();

export const pushTokenSchema = z.union([z.string().min(1), z.object({ app_id: z.string().min(1), token: z.string().min(1) })], unionError('must be a token string or {app_id, token}'));

export const subscriptionGroupSchema = z.object({
  subscription_group_id: z.string().min(1),
  subscription_state: z.enum(SUBSCRIPTION_GROUP_STATES),
});

/** Braze's standard attributes (spec 7), case-sensitive; `null` removes one. */
export const standardAttributeSchemas = {
  first_name: nullable(text),
  last_name: nullable(text),
  email: nullable(text.regex(EMAIL, { error: 'must be an email address' })),
  phone: nullable(text),
  gender: nullable(z.enum(GENDERS)),
  dob: nullable(text.refine(isCalendarDate, { error: 'must be a date as YYYY-MM-DD' })),
  country: nullable(text.refine((code) => /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && knownDisplayName('region', code), { error: 'must be an ISO-3166 alpha-2 country code' })),
  language: nullable(text.refine((code) => /^[a-z]{2}$/.test(code) && knownDisplayName('language', code), { error: 'must be an ISO-639-1 language code' })),
  home_city: nullable(text),
  time_zone: nullable(text.refine(isIanaTimeZone, { error: 'must be an IANA time zone name' })),
  email_subscribe: nullable(z.enum(SUBSCRIPTION_STATUSES)),
  push_subscribe: nullable(z.enum(SUBSCRIPTION_STATUSES)),
  push_tokens: nullable(z.array(pushTokenSchema)),
  subscription_groups: nullable(z.array(subscriptionGroupSchema)),
} as const;

export type StandardAttributeName = keyof typeof standardAttributeSchemas;
export const STANDARD_ATTRIBUTE_NAMES = Object.keys(standardAttributeSchemas) as StandardAttributeName[];

export function isStandardAttributeName(name: string): name is StandardAttributeName {
  return Object.hasOwn(standardAttributeSchemas, name);
}

export type StandardAttributes = { [K in StandardAttributeName]?: z.output<(typeof standardAttributeSchemas)[K]> };
export type StandardAttributesInput = { [K in StandardAttributeName]?: z.input<(typeof standardAttributeSchemas)[K]> };
export type PushToken = z.output<typeof pushTokenSchema>;
export type SubscriptionGroup = z.output<typeof subscriptionGroupSchema>;
