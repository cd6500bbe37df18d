// The preview pane: the selected message. An email gets four tabs (its HTML in a sandboxed frame,
// its text, its source, its trigger properties); a push or SMS shows its fields. All message
// content is untrusted: it goes in as text, or as the srcdoc of a frame whose empty sandbox
// denies scripts, forms, popups, navigation and same-origin access.
import { addressOf, profileNameOf } from './inbox.recipients.js';
import { asText, byId, dispatchHash, el, formatTime, link, userHash } from './inbox.dom.js';

const EMAIL_TABS = [
  { id: 'html', label: 'HTML' },
  { id: 'text', label: 'Text' },
  { id: 'source', label: 'Source' },
  { id: 'properties', label: 'Trigger properties' },
];
/** The tab stays chosen from one email to the next, as in a mail client. */
let currentTab = 'html';

export function sourceOf(message) {
  if (message.campaign_id !== undefined) return `campaign ${asText(message.campaign_id)}`;
  if (message.canvas_id !== undefined) return `canvas ${asText(message.canvas_id)}`;
  return 'messages/send';
}

/** A push's title: `title` (trigger and Android), or an Apple `alert` object's `title`, else its alert text. */
function pushTitleOf(content) {
  if (content.title !== undefined) return asText(content.title);
  const alert = content.alert;
  if (alert !== null && typeof alert === 'object') return asText(alert.title ?? alert.body);
  return asText(alert);
}

export function headlineOf(message) {
  const content = message.content ?? {};
  if (message.channel === 'email') return asText(content.subject);
  if (message.channel === 'push') return pushTitleOf(content);
  return asText(content.body);
}

function fact(name, ...value) {
  return [el('dt', { text: name }), el('dd', {}, ...value)];
}

function recipientFacts(message) {
  const address = addressOf(message);
  const externalId = message.recipient?.external_user_id;
  const profile = externalId !== undefined ? link(userHash(externalId), asText(externalId)) : profileNameOf(message.recipient);
  return [...fact('To', el('span', { class: 'preview-to', text: address ?? profileNameOf(message.recipient) })), ...fact('Profile', profile)];
}

function headerOf(message) {
  const facts = el(
    'dl',
    { class: 'facts preview-facts' },
    ...fact('From', sourceOf(message)),
    ...recipientFacts(message),
    ...fact('Sent', el('time', { datetime: asText(message.sent_at), text: formatTime(message.sent_at) })),
    ...fact('Dispatch', link(dispatchHash(message.dispatch_id), asText(message.dispatch_id))),
    ...(message.send_id !== undefined ? fact('Send id', asText(message.send_id)) : []),
    ...(Array.isArray(message.attachments) && message.attachments.length > 0
      ? fact('Attachments', message.attachments.map((file) => asText(file.file_name)).join(', '))
      : []),
  );
  return el(
    'header',
    { class: 'preview-head' },
    el('p', { class: 'preview-channel' }, el('span', { class: `badge channel-${channelClass(message)}`, text: asText(message.channel) })),
    el('h2', { class: 'preview-subject', text: headlineOf(message) || '(no subject)' }),
    facts,
  );
}

export function channelClass(message) {
  return typeof message.channel === 'string' ? message.channel.replace(/[^a-z]/g, '') : 'unknown';
}

function propertiesPanel(message) {
  const properties = message.trigger_properties ?? {};
  if (Object.keys(properties).length === 0) {
    return el('p', { class: 'empty no-properties', text: message.canvas_id !== undefined ? 'no canvas context' : 'no trigger properties' });
  }
  return el('pre', { class: 'trigger-properties', text: JSON.stringify(properties, null, 2) });
}

function emailFrame(body) {
  const frame = document.createElement('iframe');
  // The sandbox attribute goes on before the content, so the body never runs with any permission.
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', 'email body');
  frame.className = 'email-frame';
  frame.srcdoc = body;
  return frame;
}

function emailPanel(tab, message, text) {
  const body = asText(message.content?.body);
  if (tab === 'html') return emailFrame(body);
  if (tab === 'text') return el('pre', { class: 'email-text', text });
  if (tab === 'source') return el('pre', { class: 'email-source', text: body });
  return propertiesPanel(message);
}

function extraFields(content, shown) {
  const rest = Object.entries(content).filter(([name]) => !shown.includes(name));
  if (rest.length === 0) return [];
  return [el('dl', { class: 'facts extra-fields' }, ...rest.flatMap(([name, value]) => fact(name, asText(value))))];
}

function emailBody(message, text) {
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views of the email' });
  const panels = el('div', { class: 'tab-panels' });
  const select = (chosen) => {
    currentTab = chosen;
    for (const button of tabs.children) {
      const on = button.dataset.tab === chosen;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
    }
    for (const panel of panels.children) panel.hidden = panel.dataset.tab !== chosen;
  };
  for (const tab of EMAIL_TABS) {
    const button = el('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}`, 'data-tab': tab.id, text: tab.label });
    button.addEventListener('click', () => select(tab.id));
    tabs.append(button);
    panels.append(el('section', { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, 'data-tab': tab.id, class: `panel-${tab.id}` }, emailPanel(tab.id, message, text)));
  }
  tabs.addEventListener('keydown', (event) => moveTab(event, select));
  select(currentTab);
  return [tabs, panels, ...extraFields(message.content ?? {}, ['subject', 'body'])];
}

function moveTab(event, select) {
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (step === undefined) return;
  const index = EMAIL_TABS.findIndex((tab) => tab.id === currentTab);
  const next = EMAIL_TABS[(index + step + EMAIL_TABS.length) % EMAIL_TABS.length];
  select(next.id);
  byId(`tab-${next.id}`).focus();
}

function fieldsBody(message) {
  const content = message.content ?? {};
  const fields = el('dl', { class: 'facts message-fields' }, ...Object.entries(content).flatMap(([name, value]) => [el('dt', { text: name }), el('dd', { class: `field-${name.replace(/[^a-z_]/g, '')}`, text: asText(value) })]));
  const label = message.canvas_id !== undefined ? 'Canvas context' : 'Trigger properties';
  return [fields, el('h3', { text: label }), propertiesPanel(message)];
}

/** Shows one message; `text` is the email body as text (computed once per message by the list). */
export function showPreview(message, text) {
  const body = message.channel === 'email' ? emailBody(message, text) : fieldsBody(message);
  byId('preview').replaceChildren(el('div', { class: 'preview-message', 'data-message-id': asText(message.id) }, headerOf(message), ...body));
}

export function showNoPreview(text) {
  byId('preview').replaceChildren(el('p', { class: 'empty preview-empty', text }));
}

/** The profile answered after the preview was drawn: put the address in. */
export function updatePreviewAddress(message) {
  const to = document.querySelector(`#preview .preview-message[data-message-id="${window.CSS.escape(asText(message.id))}"] .preview-to`);
  if (to) to.textContent = addressOf(message) ?? profileNameOf(message.recipient);
}
