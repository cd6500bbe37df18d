import { STANDARD_NAMESPACE } from './braze-variables';

/** What a message is rendered with (spec 3.3 step 8, 4, 10). Nothing here is ever written back. */
export interface RenderScope {
  /** The profile's attributes as updated for this send: standard and custom in one flat object. */
  attributes: Readonly<Record<string, unknown>>;
  /** Top-level `trigger_properties` overlaid by the recipient's own. */
  apiTriggerProperties: Readonly<Record<string, unknown>>;
  /** Canvas `context`, also readable as the legacy `canvas_entry_properties`. */
  context?: Readonly<Record<string, unknown>>;
  /** Identifiers that Braze exposes as `${user_id}` and `${braze_id}`. */
  profile?: { external_id?: string | undefined; braze_id?: string | undefined };
}

/** Standard attribute names of spec 7; every other attribute key is a custom attribute. */
export const STANDARD_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'first_name',
  'last_name',
  'email',
  'phone',
  'gender',
  'dob',
  'country',
  'language',
  'home_city',
  'time_zone',
  'email_subscribe',
  'push_subscribe',
  'push_tokens',
  'subscription_groups',
]);

/** Braze's Liquid names for standard attributes (`{{${email_address}}}`) and the attribute each reads. */
const BRAZE_STANDARD_TAGS: Readonly<Record<string, string>> = {
  first_name: 'first_name',
  last_name: 'last_name',
  email_address: 'email',
  phone_number: 'phone',
  gender: 'gender',
  date_of_birth: 'dob',
  country: 'country',
  language: 'language',
  city: 'home_city',
  time_zone: 'time_zone',
};

const STANDARD_TAG_ENTRIES: readonly (readonly [string, string])[] = Object.entries(BRAZE_STANDARD_TAGS);

/**
 * The Liquid variables of one render. Built with `Object.fromEntries`, so keys such as `__proto__`
 * are plain own data and never reach a prototype; liquidjs reads own properties only.
 */
export function liquidScope(scope: RenderScope): Record<string, unknown> {
  const context = scope.context ?? {};
  return {
    [STANDARD_NAMESPACE]: standardTags(scope),
    custom_attribute: customAttributes(scope.attributes),
    api_trigger_properties: scope.apiTriggerProperties,
    context,
    canvas_entry_properties: context,
  };
}

// Plain loops, one object each: this runs once per message rendered, and the entries/filter/map
// chains it replaced were 3 % of a 50-recipient create-and-send in the server profile.
function standardTags(scope: RenderScope): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [tag, attribute] of STANDARD_TAG_ENTRIES) {
    if (Object.hasOwn(scope.attributes, attribute)) entries.push([tag, scope.attributes[attribute]]);
  }
  const ids = scope.profile;
  if (ids?.external_id !== undefined) entries.push(['user_id', ids.external_id]);
  if (ids?.braze_id !== undefined) entries.push(['braze_id', ids.braze_id]);
  return Object.fromEntries(entries);
}

function customAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(attributes)) {
    if (!STANDARD_ATTRIBUTE_KEYS.has(key)) entries.push([key, attributes[key]]);
  }
  return Object.fromEntries(entries);
}
