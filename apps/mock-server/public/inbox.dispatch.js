// One dispatch: every recipient of a trigger request, sent or skipped, and why.
import { api } from './inbox.api.js';
import { asText, byId, el, link, messageHash, userHash } from './inbox.dom.js';

function identifierOf(identifier = {}) {
  if (identifier.external_user_id !== undefined) {
    return el('span', {}, 'external_user_id ', link(userHash(identifier.external_user_id), asText(identifier.external_user_id)));
  }
  const [name, value] = Object.entries(identifier)[0] ?? ['', ''];
  return el('span', { text: `${name} ${asText(value)}` });
}

function recipientRow(recipient) {
  return el(
    'tr',
    { class: 'dispatch-recipient' },
    el('td', { text: asText(recipient.index) }),
    el('td', {}, identifierOf(recipient.identifier)),
    el('td', { class: `outcome outcome-${recipient.outcome === 'sent' ? 'sent' : 'skipped'}`, text: asText(recipient.outcome) }, recipient.message_type === undefined ? undefined : el('span', { class: 'message-type', text: ` · ${asText(recipient.message_type)}` })),
    el('td', { class: 'reason', text: asText(recipient.reason) }),
    el('td', { text: recipient.created ? 'yes' : 'no' }),
    el('td', { class: 'mono' }, recipient.message_id !== undefined ? link(messageHash(asText(recipient.message_id)), asText(recipient.message_id)) : undefined),
  );
}

/** Fills the dispatch view; a rejected key propagates, other failures show in the view. */
export async function showDispatch(dispatchId) {
  byId('dispatch-title').textContent = `Dispatch ${dispatchId}`;
  byId('dispatch-summary').textContent = '';
  byId('dispatch-rows').replaceChildren();
  byId('dispatch-error').textContent = '';
  let dispatch;
  try {
    dispatch = await api(`/_mock/dispatches/${encodeURIComponent(dispatchId)}`);
  } catch (error) {
    byId('dispatch-error').textContent = error.message;
    throw error;
  }
  const recipients = Array.isArray(dispatch.recipients) ? dispatch.recipients : [];
  const sent = recipients.filter((recipient) => recipient.outcome === 'sent').length;
  const source =
    dispatch.campaign_id !== undefined ? `campaign ${asText(dispatch.campaign_id)}` : dispatch.canvas_id !== undefined ? `canvas ${asText(dispatch.canvas_id)}` : 'messages/send';
  byId('dispatch-summary').textContent = `${source} · ${sent} sent · ${recipients.length - sent} skipped`;
  byId('dispatch-rows').replaceChildren(...recipients.map(recipientRow));
}
