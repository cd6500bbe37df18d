// The message list (newest first, one compact row each), the search over it and the selection
// shown in the preview pane.
import { fetchNewMessages, forgetMessages, SHOWN_MESSAGES } from './inbox.api.js';
import { asText, byId, el, formatTime, messageHash } from './inbox.dom.js';
import { channelClass, headlineOf, showNoPreview, showPreview, sourceOf, updatePreviewAddress } from './inbox.preview.js';
import { addressOf, forgetAddresses, profileNameOf, resolveAddresses } from './inbox.recipients.js';
import { textOfHtml } from './inbox.text.js';

/** id → {message, row, text, search}, in the order received (oldest first). */
const rendered = new Map();
let selectedId;
/** Whether a first page has arrived since the page opened (or the list was cleared). */
let loaded = false;

function shortTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return asText(iso);
  const today = date.toDateString() === new Date().toDateString();
  return today ? date.toLocaleTimeString() : date.toLocaleDateString();
}

function bodyText(message) {
  const body = asText(message.content?.body);
  return message.channel === 'email' ? textOfHtml(body) : body;
}

function snippetOf(entry) {
  const { message, text } = entry;
  const snippet = message.channel === 'sms' ? sourceOf(message) : text;
  return snippet.replace(/\s+/g, ' ').slice(0, 160);
}

function searchTextOf(entry) {
  const { message, text } = entry;
  const recipient = message.recipient ?? {};
  return [
    message.channel,
    sourceOf(message),
    addressOf(message),
    profileNameOf(recipient),
    recipient.braze_id,
    ...Object.values(message.content ?? {}),
    text,
    message.dispatch_id,
    message.send_id,
    message.source,
  ]
    .map(asText)
    .join('\n')
    .toLowerCase();
}

/** Where a message came from, when it is not a plain trigger: `schedule`, `transactional`, `messages_send`. */
function originBadge(message) {
  const source = asText(message.source);
  if (source === '' || source === 'trigger') return undefined;
  return el('span', { class: 'badge origin', title: message.schedule_id ? `schedule ${asText(message.schedule_id)}` : undefined, text: source.replace('_', ' ') });
}

function rowOf(entry) {
  const { message } = entry;
  const recipient = el('span', { class: 'recipient' });
  const row = el(
    'li',
    { class: `message channel-${channelClass(message)}`, 'data-message-id': asText(message.id) },
    el(
      'a',
      { class: 'message-row', href: messageHash(asText(message.id)) },
      el('span', { class: 'row-top' }, el('span', { class: 'badge', text: asText(message.channel) }), originBadge(message), recipient, el('time', { datetime: asText(message.sent_at), title: formatTime(message.sent_at), text: shortTime(message.sent_at) })),
      el('span', { class: 'subject', text: headlineOf(message) || '(no subject)' }),
      el('span', { class: 'snippet', text: snippetOf(entry) }),
    ),
  );
  entry.recipient = recipient;
  return row;
}

function fillAddress(entry) {
  entry.recipient.textContent = addressOf(entry.message) ?? profileNameOf(entry.message.recipient);
  entry.search = searchTextOf(entry);
}

/** Every word of the search must appear in the message's rendered content, recipient or ids. */
export function applySearch() {
  const words = byId('message-search').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let visible = 0;
  for (const entry of rendered.values()) {
    entry.row.hidden = !words.every((word) => entry.search.includes(word));
    if (!entry.row.hidden) visible += 1;
  }
  byId('messages-empty').hidden = rendered.size > 0;
  byId('messages-no-match').hidden = rendered.size === 0 || visible > 0;
}

function markSelected() {
  for (const [id, entry] of rendered) {
    const on = id === selectedId;
    entry.row.classList.toggle('selected', on);
    if (on) entry.row.querySelector('a').setAttribute('aria-current', 'true');
    else entry.row.querySelector('a').removeAttribute('aria-current');
  }
}

function drawSelection() {
  markSelected();
  if (selectedId === undefined) return showNoPreview('Select a message to see it here.');
  const entry = rendered.get(selectedId);
  if (!entry && !loaded) return showNoPreview('Loading…');
  if (!entry) return showNoPreview('This message is not in the list: it was cleared, or is older than the newest ones shown.');
  showPreview(entry.message, entry.text);
}

/** Shows this message in the preview (undefined: none). */
export function selectMessage(id) {
  if (id === selectedId && id !== undefined && document.querySelector('#preview .preview-message')) return markSelected();
  selectedId = id;
  drawSelection();
}

/** The row above (-1) or below (+1) the selected one, among those the search shows. */
export function neighbourOfSelection(step) {
  const rows = [...byId('message-list').querySelectorAll('li.message:not([hidden])')];
  const index = rows.findIndex((row) => row.dataset.messageId === selectedId);
  const next = rows[index === -1 ? 0 : index + step];
  return next?.dataset.messageId;
}

function addMessages(messages) {
  const list = byId('message-list');
  const added = [];
  for (const message of messages) {
    if (rendered.has(message.id)) continue;
    const entry = { message, text: bodyText(message) };
    entry.row = rowOf(entry);
    fillAddress(entry);
    rendered.set(message.id, entry);
    list.prepend(entry.row);
    added.push(entry);
  }
  for (const [id, entry] of rendered) {
    if (rendered.size <= SHOWN_MESSAGES) break;
    entry.row.remove();
    rendered.delete(id);
  }
  return added;
}

async function fillAddresses(entries) {
  await resolveAddresses(entries.map((entry) => entry.message));
  for (const entry of entries) {
    if (rendered.get(entry.message.id) !== entry) continue;
    fillAddress(entry);
    if (entry.message.id === selectedId) updatePreviewAddress(entry.message);
  }
  applySearch();
}

/** Fetches what is new since the last poll and updates the list; resolves with how many are shown. */
export async function refreshMessages() {
  const { stale, fresh, messages } = await fetchNewMessages();
  if (stale) return rendered.size;
  if (fresh) clearRows();
  loaded = true;
  const added = addMessages(messages);
  applySearch();
  if (fresh || added.some((entry) => entry.message.id === selectedId)) drawSelection();
  await fillAddresses(added);
  return rendered.size;
}

function clearRows() {
  rendered.clear();
  byId('message-list').replaceChildren();
}

/** Empties the list; the next refresh starts over from the newest page. */
export function clearMessages() {
  forgetMessages();
  forgetAddresses();
  clearRows();
  loaded = false;
  selectedId = undefined;
  drawSelection();
  applySearch();
}
