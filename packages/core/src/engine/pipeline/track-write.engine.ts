import type { UsersTrackValidation } from '../../rules/request-validation/users-track.validation';
import type { RecipientIdentifiers } from '../../rules/recipients.rules';
import type { UserAlias } from '../../schema/user-alias.schema';
import type { TrackWrite } from '../users-track.engine';
import type { UserReference } from './profile-resolution.engine';

interface TrackIdentifierFields {
  external_id?: string | undefined;
  user_alias?: UserAlias | undefined;
  braze_id?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  _update_existing_only: boolean;
}

/** The valid items of a validated `/users/track` body, as one write to apply when it becomes visible. */
export function trackWriteFrom(validated: UsersTrackValidation): TrackWrite {
  return {
    attributes: (validated.attributes ?? []).map(({ item }) => ({ ...itemBase(item), attributes: item.attributes })),
    events: (validated.events ?? []).map(({ item }) => ({ ...itemBase(item), name: item.name, time: item.time })),
    purchases: (validated.purchases ?? []).map(({ item }) => ({ ...itemBase(item), productId: item.product_id, time: item.time, quantity: item.quantity ?? 1, price: item.price })),
  };
}

function itemBase(item: TrackIdentifierFields): { reference: UserReference; updateExistingOnly: boolean } {
  return { reference: { identifier: identifierOf(item) }, updateExistingOnly: item._update_existing_only };
}

function identifierOf(item: TrackIdentifierFields): RecipientIdentifiers {
  if (item.external_id !== undefined) return { external_user_id: item.external_id };
  if (item.user_alias !== undefined) return { user_alias: { alias_name: item.user_alias.alias_name, alias_label: item.user_alias.alias_label } };
  if (item.braze_id !== undefined) return { braze_id: item.braze_id };
  if (item.email !== undefined) return { email: item.email };
  return { phone: item.phone };
}
