import { isPlainObject } from '../schema/json-object.schema';
import { type RecipientIdentifier } from '../schema/recipient.schema';

/**
 * The identifier fields of a recipient (spec 3.1) or of a `/users/track` item, which may also be
 * named by `phone` (spec 8, Rev 2); validation guarantees exactly one is set.
 */
export type RecipientIdentifiers = RecipientIdentifier & { phone?: string | undefined };

export interface DedupedRecipient<R> {
  index: number;
  recipient: R;
  /** An earlier recipient of the same request has the same identifier; the first occurrence wins entirely. */
  duplicate: boolean;
}

/**
 * A stable string naming the user a recipient identifies: the identifier's kind plus its value
 * (an alias by name and label, an email by address, trimmed and compared case-insensitively as
 * the stores' email lookup is, a phone by its exact text). Values are JSON-encoded, so no two different identifiers share a
 * key. A recipient without any identifier (only possible before validation) gets the empty string.
 *
 * @example
 * recipientIdentifierKey({ user_alias: { alias_name: 'n', alias_label: 'l' } }); // → 'user_alias:["n","l"]'
 */
export function recipientIdentifierKey(recipient: RecipientIdentifiers): string {
  const parts: string[] = [];
  if (typeof recipient.external_user_id === 'string') parts.push(`external_user_id:${JSON.stringify(recipient.external_user_id)}`);
  if (isPlainObject(recipient.user_alias)) {
    const { alias_name, alias_label } = recipient.user_alias;
    parts.push(`user_alias:${JSON.stringify([alias_name, alias_label])}`);
  }
  if (typeof recipient.braze_id === 'string') parts.push(`braze_id:${JSON.stringify(recipient.braze_id)}`);
  if (typeof recipient.email === 'string') parts.push(`email:${JSON.stringify(recipient.email.trim().toLowerCase())}`);
  if (typeof recipient.phone === 'string') parts.push(`phone:${JSON.stringify(recipient.phone)}`);
  return parts.join('|');
}

/**
 * Marks every recipient whose identifier already appeared earlier in the request as a duplicate
 * (spec 3.3 step 1), keeping request order. Recipients without an identifier are never duplicates.
 *
 * @example
 * dedupeRecipients([{ external_user_id: 'a' }, { external_user_id: 'a' }]).map((r) => r.duplicate); // → [false, true]
 */
export function dedupeRecipients<R extends RecipientIdentifier>(recipients: readonly R[]): DedupedRecipient<R>[] {
  const seen = new Set<string>();
  return recipients.map((recipient, index) => {
    const key = recipientIdentifierKey(recipient);
    const duplicate = key !== '' && seen.has(key);
    seen.add(key);
    return { index, recipient, duplicate };
  });
}
