// The address a message went to: the message records it (`recipient.address`, as the profile held
// it at the send). Servers older than that record only the profile, so for them the page reads it
// from the profile (GET /_mock/users/<external_id>): the email for an email, the phone for an SMS,
// the push token for a push, as the engine's reachability rule reads them. Each profile is fetched
// once per list (a reset or a new key starts over); until it answers, and for profiles without an
// external id, the page names the profile instead.
import { api } from './inbox.api.js';
import { asText } from './inbox.dom.js';

const profiles = new Map();

function usableToken(token) {
  if (typeof token === 'string') return token.trim() !== '' ? token : undefined;
  return token && typeof token.token === 'string' && token.token.trim() !== '' ? token.token : undefined;
}

function addressIn(channel, attributes) {
  if (channel === 'email') return typeof attributes.email === 'string' && attributes.email !== '' ? attributes.email : undefined;
  if (channel === 'sms') return typeof attributes.phone === 'string' && attributes.phone !== '' ? attributes.phone : undefined;
  if (channel !== 'push' || !Array.isArray(attributes.push_tokens)) return undefined;
  const tokens = attributes.push_tokens.map(usableToken).filter((token) => token !== undefined);
  if (tokens.length === 0) return undefined;
  return tokens.length === 1 ? tokens[0] : `${tokens[0]} (+${tokens.length - 1} more)`;
}

/** Who the message is for when no address is known: the profile's identifiers. */
export function profileNameOf(recipient = {}) {
  if (recipient.external_user_id !== undefined) return `user ${asText(recipient.external_user_id)}`;
  if (recipient.user_alias) return `alias ${asText(recipient.user_alias.alias_label)}:${asText(recipient.user_alias.alias_name)}`;
  return `braze_id ${asText(recipient.braze_id)}`;
}

/** The address if its profile has been read (and has one), else undefined. */
export function addressOf(message) {
  if (typeof message.recipient?.address === 'string') return message.recipient.address;
  const externalId = message.recipient?.external_user_id;
  const profile = externalId === undefined ? undefined : profiles.get(externalId);
  if (!profile || profile.attributes === undefined) return undefined;
  return addressIn(message.channel, profile.attributes);
}

function load(externalId) {
  const entry = { attributes: undefined };
  entry.ready = api(`/_mock/users/${encodeURIComponent(externalId)}`).then(
    (user) => {
      entry.attributes = user.attributes && typeof user.attributes === 'object' ? user.attributes : {};
    },
    () => {
      entry.attributes = {};
    },
  );
  profiles.set(externalId, entry);
  return entry.ready;
}

/** Reads the profiles of these messages not read yet; resolves when all have answered. */
export function resolveAddresses(messages) {
  const waiting = new Set();
  for (const message of messages) {
    if (typeof message.recipient?.address === 'string') continue;
    const externalId = message.recipient?.external_user_id;
    if (typeof externalId !== 'string') continue;
    waiting.add(profiles.get(externalId)?.ready ?? load(externalId));
  }
  return Promise.all(waiting);
}

export function forgetAddresses() {
  profiles.clear();
}
