/**
 * `a=1&a=2&b=x` → `{a: ['1', '2'], b: 'x'}` (a leading `?` is ignored). Built with own properties only,
 * so a parameter named `__proto__` is ordinary data.
 */
export function parseQueryString(search: string): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const values = grouped.get(name);
    if (values === undefined) grouped.set(name, [value]);
    else values.push(value);
  }
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

/** Splits a request target (`/path?query`) into its path and its query string (without the `?`). */
export function splitRequestTarget(target: string): { path: string; search: string } {
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, search: '' } : { path: target.slice(0, mark), search: target.slice(mark + 1) };
}
