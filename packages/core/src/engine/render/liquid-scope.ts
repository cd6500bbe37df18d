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
const STANDARD_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
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

function standardTags(scope: RenderScope): Record<string, unknown> {
  const tags = Object.entries(BRAZE_STANDARD_TAGS)
    .filter(([, attribute]) => Object.hasOwn(scope.attributes, attribute))
    .map(([tag, attribute]) => [tag, scope.attributes[attribute]] as const);
  const ids = [
    ['user_id', scope.profile?.external_id],
    ['braze_id', scope.profile?.braze_id],
  ].filter(([, value]) => value !== undefined);
  return Object.fromEntries([...tags, ...ids]);
}

function customAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !STANDARD_ATTRIBUTE_KEYS.has(key)));
}
