import { droppedNestedValues } from '../schema/attributes.schema';
import { formatPath } from '../schema/issue-messages.schema';

/** Standard attributes a canvas trigger does not apply (spec 4, Rev 2: "by default, subscription groups cannot be updated this way"). */
export const CANVAS_IGNORED_ATTRIBUTES = ['subscription_groups'] as const;

/** What a recipient's dispatch entry says about its attributes (spec 4, 7, Rev 2); each list only when non-empty. */
export interface AttributeNotes {
  /** Attributes given but not applied by this endpoint (a canvas's `subscription_groups`). */
  ignored?: string[];
  /** Paths of the invalid nested values that dropped the recipient's nested updates, as in 400 `errors`. */
  dropped?: string[];
}

export interface RecipientAttributes<A> {
  /** The attributes to apply (the same object when nothing is ignored). */
  attributes: A | undefined;
  notes: AttributeNotes;
}

/**
 * A trigger recipient's validated `attributes` as the engine applies them, with the notes for its
 * dispatch entry: a canvas leaves `subscription_groups` out (listed as `ignored`), and the nested
 * values validation dropped are listed as `dropped`, by their path in the request
 * (`recipients[0].attributes.d.b.$time`).
 *
 * @example
 * recipientAttributes('canvas', 0, { first_name: 'Ann', subscription_groups: [] });
 * // → { attributes: { first_name: 'Ann' }, notes: { ignored: ['subscription_groups'] } }
 */
export function recipientAttributes<A extends Readonly<Record<string, unknown>>>(kind: 'campaign' | 'canvas', index: number, attributes: A | undefined): RecipientAttributes<A> {
  if (attributes === undefined) return { attributes, notes: {} };
  const notes: AttributeNotes = {};
  const dropped = droppedNestedValues(attributes).map((value) => formatPath(['recipients', index, 'attributes', ...value.path]));
  if (dropped.length > 0) notes.dropped = dropped;
  const ignored = kind === 'canvas' ? CANVAS_IGNORED_ATTRIBUTES.filter((name) => Object.hasOwn(attributes, name)) : [];
  if (ignored.length === 0) return { attributes, notes };
  notes.ignored = [...ignored];
  // Copied by descriptor, so own `__proto__` keys and the dropped-values note stay as they were.
  const kept = Object.create(Object.getPrototypeOf(attributes) as object | null, Object.getOwnPropertyDescriptors(attributes)) as Record<PropertyKey, unknown>;
  for (const name of ignored) delete kept[name];
  return { attributes: kept as A, notes };
}
