/** REST base URLs of Braze's instances (spec 11). */
export const INSTANCES = {
  'US-01': 'https://rest.iad-01.braze.com',
  'US-02': 'https://rest.iad-02.braze.com',
  'US-03': 'https://rest.iad-03.braze.com',
  'US-04': 'https://rest.iad-04.braze.com',
  'US-05': 'https://rest.iad-05.braze.com',
  'US-06': 'https://rest.iad-06.braze.com',
  'US-07': 'https://rest.iad-07.braze.com',
  'US-08': 'https://rest.iad-08.braze.com',
  'US-10': 'https://rest.us-10.braze.com',
  'EU-01': 'https://rest.fra-01.braze.eu',
  'EU-02': 'https://rest.fra-02.braze.eu',
  'AU-01': 'https://rest.au-01.braze.com',
} as const;

export type InstanceName = keyof typeof INSTANCES;

/** Where the client sends requests: a named instance, or an explicit base URL (the mock server, a proxy), never both. */
export type ClientTarget = { instance: InstanceName; baseUrl?: never } | { baseUrl: string | URL; instance?: never };

export function isInstanceName(value: unknown): value is InstanceName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INSTANCES, value);
}

/**
 * Resolves the base URL from `instance` or `baseUrl`, checking at run time what the types already
 * say (JavaScript callers and casts get the same clear error). The result has no trailing slash,
 * so a proxy prefix such as `https://proxy.example/braze` is kept.
 */
export function resolveBaseUrl(target: { instance?: unknown; baseUrl?: unknown }): string {
  const hasInstance = target.instance !== undefined;
  const hasBaseUrl = target.baseUrl !== undefined;
  if (hasInstance === hasBaseUrl) {
    throw new TypeError('TriggerKitClient: pass exactly one of `instance` or `baseUrl`');
  }
  if (hasInstance) {
    if (!isInstanceName(target.instance)) {
      throw new TypeError(`TriggerKitClient: unknown instance ${JSON.stringify(target.instance)}; expected one of ${Object.keys(INSTANCES).join(', ')}`);
    }
    return INSTANCES[target.instance];
  }
  return normalizeBaseUrl(target.baseUrl);
}

function normalizeBaseUrl(baseUrl: unknown): string {
  const text = baseUrl instanceof URL ? baseUrl.href : baseUrl;
  if (typeof text !== 'string' || !URL.canParse(text)) {
    throw new TypeError(`TriggerKitClient: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(String(text))}`);
  }
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`TriggerKitClient: baseUrl must use http or https, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs with an error quoting the whole URL, password included.
    throw new TypeError('TriggerKitClient: baseUrl must not contain credentials; the API key is the only authentication');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError('TriggerKitClient: baseUrl must not have a query string or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
