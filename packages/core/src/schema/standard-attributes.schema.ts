import { z } from 'zod';
import { unionError } from './issue-messages.schema';
import { SUBSCRIPTION_STATUSES } from './audience.schema';
import { normalizeCountry } from '../rules/country.rules';

export const GENDERS = ['M', 'F', 'O', 'N', 'P'] as const;
export const SUBSCRIPTION_GROUP_STATES = ['subscribed', 'unsubscribed'] as const;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What `email` must look like (spec 7). */
export const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isCalendarDate(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function knownLanguage(code: string): boolean {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code);
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

/** A push token: a string, or `{app_id, token}` with the optional `device_id` Braze's token imports carry (endpoints spec 15). */
export const pushTokenSchema = z.union(
  [z.string().min(1), z.object({ app_id: z.string().min(1), token: z.string().min(1), device_id: z.string().min(1).optional() })],
  unionError('must be a token string or {app_id, token}'),
);

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
  // Rev 2: a code in any case, or an English name, becomes the code; any other string is null (removes).
  country: nullable(text.transform(normalizeCountry)).meta({ description: 'ISO-3166 alpha-2 code in any case, or an English country name; any other string removes the attribute.' }),
  language: nullable(text.refine((code) => /^[a-z]{2}$/.test(code) && knownLanguage(code), { error: 'must be an ISO-639-1 language code' })),
  home_city: nullable(text),
  // Rev 2 ("Only valid time zone values are set"): never an error; `undefined` leaves the stored value unchanged.
  time_zone: z
    .custom<string | null>(() => true)
    .transform((zone): string | null | undefined => (zone === null || (typeof zone === 'string' && isIanaTimeZone(zone)) ? zone : undefined))
    .meta({ type: ['string', 'null'], description: 'IANA time zone name; any other value leaves the stored one unchanged.' }),
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
