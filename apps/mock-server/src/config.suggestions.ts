import { requestJsonSchemas, type JsonSchema } from '@triggerkit/core';
import { closestMatch } from 'leven';

type PathSegment = string | number;

const UNKNOWN_FIELD = /^(.+): unknown field$/;

/**
 * Adds `; did you mean 'campaigns'?` to each `path.key: unknown field` problem whose key is a
 * near miss (by Levenshtein distance) of a field allowed at that place of the configuration.
 */
export function withSuggestions(problems: readonly string[]): string[] {
  let schema: JsonSchema | undefined;
  return problems.map((problem) => {
    const path = UNKNOWN_FIELD.exec(problem)?.[1];
    const segments = path === undefined ? undefined : parsePath(path);
    const key = segments?.at(-1);
    if (segments === undefined || typeof key !== 'string') return problem;
    schema ??= requestJsonSchemas()['mock-server-config'];
    const suggestion = suggestKey(key, fieldsAt(schema, segments.slice(0, -1)));
    return suggestion === undefined ? problem : `${problem}; did you mean '${suggestion}'?`;
  });
}

/** The closest allowed field, if it is close enough to be a typo rather than another word. */
export function suggestKey(key: string, fields: readonly string[]): string | undefined {
  const maxDistance = Math.min(Math.max(2, Math.ceil(key.length / 3)), key.length - 1);
  if (maxDistance < 1) return undefined;
  return closestMatch(key, fields.filter((field) => field !== key), { maxDistance });
}

/** Parses the paths core prints (`workspaces[0].campaigns[1]["odd key"].id`) back into segments. */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const token = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]\s"']+)/gy;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const match = token.exec(path);
    if (match === null) return undefined;
    const [whole, index, quoted, name] = match;
    if (index !== undefined) segments.push(Number(index));
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string);
    else segments.push(name as string);
    at += whole.length;
  }
  return segments;
}

/** Every property name an object at `path` may have, over all the alternatives a union allows there. */
export function fieldsAt(root: JsonSchema, path: readonly PathSegment[]): string[] {
  let nodes = expand(root, root);
  for (const segment of path) nodes = nodes.flatMap((node) => expand(root, childOf(node, segment)));
  return [...new Set(nodes.flatMap((node) => (isObject(node.properties) ? Object.keys(node.properties) : [])))];
}

function childOf(node: JsonSchema, segment: PathSegment): unknown {
  if (typeof segment === 'number') {
    const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems[segment] as unknown) : undefined;
    return prefix ?? node.items;
  }
  return isObject(node.properties) ? node.properties[segment] : undefined;
}

/** A schema with its `$ref` resolved and its `anyOf` / `oneOf` / `allOf` branches flattened. */
function expand(root: JsonSchema, node: unknown, depth = 0): JsonSchema[] {
  if (!isObject(node) || depth > 20) return [];
  const resolved = typeof node.$ref === 'string' ? resolveRef(root, node.$ref) : undefined;
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((keyword) => (Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : []));
  return [node, ...expand(root, resolved, depth + 1), ...branches.flatMap((branch) => expand(root, branch, depth + 1))];
}

function resolveRef(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
