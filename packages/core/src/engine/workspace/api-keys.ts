import { createHash, timingSafeEqual } from 'node:crypto';
import { MESSAGES, ValidationError } from '../../errors';
import { PERMISSIONS, type Permission } from '../../schema/mock-config.schema';

// Defined once with the config schema; re-exported for the code that authenticates.
export { PERMISSIONS, type Permission };

/** A workspace's keys as configured (spec 13); permissions are checked here too, so unvalidated input gets a clear error. */
export interface WorkspaceKeysConfig {
  name: string;
  api_keys: readonly { key: string; permissions: readonly string[] }[];
}

/** Who a key belongs to and what it may do. */
export interface ApiKeyIdentity {
  workspace: string;
  permissions: ReadonlySet<Permission>;
}

export interface ApiKeyRegistry {
  /** The key's workspace and permissions, or `undefined` for a missing or unknown key (a 401). */
  authenticate(key: string | undefined): ApiKeyIdentity | undefined;
}

interface KeyEntry extends ApiKeyIdentity {
  digest: Buffer;
}

const isPermission = (value: string): value is Permission => (PERMISSIONS as readonly string[]).includes(value);

/**
 * Holds SHA-256 digests of the configured keys, never the keys themselves, and compares a presented
 * key against every entry in constant time, so neither a match's position nor a shared prefix shows in timing.
 *
 * @example
 * const keys = createApiKeyRegistry([{ name: 'acme', api_keys: [{ key: 'acme-all', permissions: ['users.track'] }] }]);
 * keys.authenticate('acme-all')?.permissions.has('users.track'); // true
 */
export function createApiKeyRegistry(workspaces: readonly WorkspaceKeysConfig[]): ApiKeyRegistry {
  const entries = buildEntries(workspaces);
  return {
    authenticate(key) {
      if (typeof key !== 'string' || key.length === 0) return undefined;
      const presented = sha256(key);
      let found: KeyEntry | undefined;
      for (const entry of entries) {
        const equal = timingSafeEqual(entry.digest, presented);
        if (equal && found === undefined) found = entry;
      }
      return found === undefined ? undefined : { workspace: found.workspace, permissions: found.permissions };
    },
  };
}

function buildEntries(workspaces: readonly WorkspaceKeysConfig[]): KeyEntry[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const entries: KeyEntry[] = [];
  workspaces.forEach((workspace, w) => {
    workspace.api_keys.forEach((apiKey, k) => {
      const path = `workspaces[${w}].api_keys[${k}]`;
      const digest = checkKey(apiKey.key, path, seen, problems);
      const permissions = checkPermissions(apiKey.permissions, path, problems);
      if (digest) entries.push({ digest, workspace: workspace.name, permissions });
    });
  });
  if (problems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, problems);
  return entries;
}

function checkKey(key: string, path: string, seen: Map<string, string>, problems: string[]): Buffer | undefined {
  if (typeof key !== 'string' || key.length === 0) {
    problems.push(`${path}.key: must be a non-empty string`);
    return undefined;
  }
  const digest = sha256(key);
  const hex = digest.toString('hex');
  const firstPath = seen.get(hex);
  if (firstPath !== undefined) {
    problems.push(`${path}.key: the same key is already configured at ${firstPath}; a key belongs to exactly one workspace`);
    return undefined;
  }
  seen.set(hex, path);
  return digest;
}

function checkPermissions(permissions: readonly string[], path: string, problems: string[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  permissions.forEach((permission, p) => {
    if (isPermission(permission)) granted.add(permission);
    else problems.push(`${path}.permissions[${p}]: unknown permission ${JSON.stringify(permission)}; expected one of ${PERMISSIONS.join(', ')}`);
  });
  return granted;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Finds the request's API key (spec 2): `Authorization: Bearer <key>` wins over the legacy body
 * `api_key`. The returned body is a copy without `api_key`, so nothing downstream can store or log it.
 */
export function extractApiKey(headers: Readonly<Record<string, string | string[] | undefined>>, body: unknown): { key: string | undefined; body: unknown } {
  const { bodyKey, rest } = splitBodyKey(body);
  return { key: bearerToken(headers) ?? bodyKey, body: rest };
}

function bearerToken(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const raw = headerValue(headers, 'authorization');
  if (raw === undefined) return undefined;
  const value = raw.trim();
  const space = value.search(/\s/);
  if (space < 0 || value.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = value.slice(space).trim();
  return token.length > 0 ? token : undefined;
}

/** The first value of a header, its name matched in any letter case (hosts do not all lower-case them). */
export function headerValue(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  for (const [header, value] of Object.entries(headers)) {
    if (header.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) return first;
  }
  return undefined;
}

function splitBodyKey(body: unknown): { bodyKey: string | undefined; rest: unknown } {
  if (!isPlainRecord(body) || !Object.hasOwn(body, 'api_key')) return { bodyKey: undefined, rest: body };
  const apiKey = body['api_key'];
  const rest = Object.fromEntries(Object.entries(body).filter(([name]) => name !== 'api_key'));
  return { bodyKey: typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined, rest };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
