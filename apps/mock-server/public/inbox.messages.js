// The message list: newest first, each rendered for its channel with its trigger properties.
import { fetchNewMessages, forgetMessages, SHOWN_MESSAGES } from './inbox.api.js';
import { asText, byId, dispatchHash, el, formatTime, link, userHash } from './inbox.dom.js';

const rendered = new Map();

function recipientOf(recipient = {}) {
  if (recipient.external_user_id !== undefined) {
    return el('span', {}, 'to ', link(userHash(recipient.external_user_id), asText(recipient.external_user_id)));
  }
  if (recipient.user_alias) {
    return el('span', { text: `to alias ${asText(recipient.user_alias.alias_label)}:${asText(recipient.user_alias.alias_name)}` });
  }
  return el('span', { text: `to braze_id ${asText(recipient.braze_id)}` });
}

function emailContent(content) {
  const frame = document.createElement('iframe');
  // The sandbox attribute goes on before the content: an empty sandbox denies scripts, forms,
  // popups, top navigation and same-origin access to whatever the email body contains.
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', 'email body');
  frame.className = 'email-frame';
  frame.srcdoc = asText(content.body);
  return [el('h3', { class: 'subject', text: asText(content.subject) }), frame];
}

function pushContent(content) {
  return [el('h3', { class: 'title', text: asText(content.title) }), el('p', { class: 'body-text', text: asText(content.body) })];
}

function smsContent(content) {
  return [el('p', { class: 'body-text', text: asText(content.body) })];
}

const CHANNEL_VIEWS = {
  email: { render: emailContent, fields: ['subject', 'body'] },
  push: { render: pushContent, fields: ['title', 'body'] },
  sms: { render: smsContent, fields: ['body'] },
};

function contentOf(channel, content = {}) {
  const view = CHANNEL_VIEWS[channel];
  const shown = view ? view.render(content) : [];
  const rest = Object.entries(content).filter(([name]) => !view || !view.fields.includes(name));
  if (rest.length === 0) return shown;
  const extra = el('dl', { class: 'facts' });
  for (const [name, value] of rest) extra.append(el('dt', { text: name }), el('dd', { text: asText(value) }));
  return [...shown, extra];
}

function propertiesOf(message) {
  const properties = message.trigger_properties ?? {};
  const label = message.canvas_id !== undefined ? 'context' : 'trigger properties';
  if (Object.keys(properties).length === 0) return el('p', { class: 'empty', text: `no ${label}` });
  return el(
    'details',
    { class: 'properties', open: '' },
    el('summary', { text: label }),
    el('pre', { class: 'trigger-properties', text: JSON.stringify(properties, null, 2) }),
  );
}

function messageCard(message) {
  const channel = typeof message.channel === 'string' ? message.channel : 'unknown';
  const source = message.campaign_id !== undefined ? `campaign ${asText(message.campaign_id)}` : `canvas ${asText(message.canvas_id)}`;
  const card = el(
    'li',
    { class: `message channel-${channel.replace(/[^a-z]/g, '')}`, 'data-message-id': asText(message.id) },
    el(
      'header',
      { class: 'message-meta' },
      el('span', { class: 'badge', text: channel }),
      el('span', { class: 'source', text: source }),
      recipientOf(message.recipient),
      el('time', { datetime: asText(message.sent_at), text: formatTime(message.sent_at) }),
      link(dispatchHash(message.dispatch_id), 'dispatch'),
      message.send_id !== undefined ? el('span', { text: `send ${asText(message.send_id)}` }) : undefined,
    ),
    ...contentOf(channel, message.content),
    propertiesOf(message),
  );
  card.dataset.search = [source, message.dispatch_id, message.send_id, JSON.stringify(message.recipient ?? {})]
    .map(asText)
    .join(' ')
    .toLowerCase();
  return card;
}

export function applyFilter() {
  const needle = byId('message-filter').value.trim().toLowerCase();
  for (const card of rendered.values()) card.hidden = needle !== '' && !card.dataset.search.includes(needle);
}

/** Adds only new messages (newest on top) so open iframes and scroll positions survive each poll; keeps the newest shown. */
function showMessages(messages, fresh) {
  const list = byId('message-list');
  if (fresh) clearCards();
  for (const message of messages) {
    if (rendered.has(message.id)) continue;
    const card = messageCard(message);
    rendered.set(message.id, card);
    list.prepend(card);
  }
  for (const [id, card] of rendered) {
    if (rendered.size <= SHOWN_MESSAGES) break;
    card.remove();
    rendered.delete(id);
  }
  byId('messages-empty').hidden = rendered.size > 0;
  applyFilter();
}

/** Fetches what is new since the last poll and updates the list; resolves with how many are shown. */
export async function refreshMessages() {
  const { fresh, messages } = await fetchNewMessages();
  showMessages(messages, fresh);
  return rendered.size;
}

function clearCards() {
  rendered.clear();
  byId('message-list').replaceChildren();
}

export function clearMessages() {
  forgetMessages();
  clearCards();
}
