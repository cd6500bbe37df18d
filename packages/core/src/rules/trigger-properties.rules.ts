import { isPlainObject, setOwn } from '../schema/json-object.schema';

/**
 * The trigger properties (or canvas context) one recipient's message sees (spec 3.1, 3.3 step 8):
 * the top-level object overlaid key by key by the recipient's own; values are not merged deeper.
 * The result is a new null-prototype object, so keys such as `__proto__` or `constructor` are plain
 * data and a template can never reach `Object.prototype` through it. A missing or non-object side
 * counts as empty.
 *
 * @example
 * overlayProperties({ order_id: '1', currency: 'EUR' }, { order_id: '2' });
 * // → { order_id: '2', currency: 'EUR' }
 */
export function overlayProperties(top?: Readonly<Record<string, unknown>>, perRecipient?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged = Object.create(null) as Record<string, unknown>;
  for (const source of [top, perRecipient]) {
    if (!isPlainObject(source)) continue;
    for (const key of Object.keys(source)) setOwn(merged, key, source[key]);
  }
  return merged;
}
