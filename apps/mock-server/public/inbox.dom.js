// DOM helpers of the inbox. Every message field is untrusted input, so nothing here assigns HTML:
// text goes in through textContent and text nodes, and attribute names are literals of this code.

export const byId = (id) => document.getElementById(id);

/** createElement with attributes and text or element children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== undefined && child !== null && child !== false) node.append(child);
  }
  return node;
}

export function link(hash, text) {
  return el('a', { href: hash, text });
}

export const userHash = (externalId) => `#/users/${encodeURIComponent(externalId)}`;
export const messageHash = (messageId) => `#/messages/${encodeURIComponent(messageId)}`;
export const dispatchHash = (dispatchId) => `#/dispatches/${encodeURIComponent(dispatchId)}`;

export function asText(value) {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? asText(iso) : date.toLocaleString();
}
