// One user profile as the server sees it now: identifiers, attributes, events and purchases.
import { api } from './inbox.api.js';
import { asText, byId, el, formatTime } from './inbox.dom.js';

function fact(name, value) {
  return [el('dt', { text: name }), el('dd', { text: asText(value) })];
}

function countsTable(title, counts) {
  const entries = Object.entries(counts ?? {});
  if (entries.length === 0) return [];
  const head = el('thead', {}, el('tr', {}, el('th', { text: 'name' }), el('th', { text: 'count' }), el('th', { text: 'last' })));
  const rows = entries.map(([name, count]) =>
    el('tr', {}, el('td', { text: name }), el('td', { text: asText(count.count) }), el('td', { text: formatTime(count.last_time) })),
  );
  return [el('h3', { text: title }), el('table', { class: 'grid' }, head, el('tbody', {}, ...rows))];
}

/** Fills the user view; a rejected key propagates, other failures (404) show in the view. */
export async function showUser(externalId) {
  byId('user-title').textContent = `User ${externalId}`;
  for (const id of ['user-facts', 'user-attributes', 'user-activity']) byId(id).replaceChildren();
  byId('user-error').textContent = '';
  let user;
  try {
    user = await api(`/_mock/users/${encodeURIComponent(externalId)}`);
  } catch (error) {
    byId('user-error').textContent = error.message;
    throw error;
  }
  const aliases = (user.user_aliases ?? []).map((alias) => `${asText(alias.alias_label)}:${asText(alias.alias_name)}`).join(', ');
  byId('user-facts').replaceChildren(
    ...fact('external_id', user.external_id),
    ...fact('braze_id', user.braze_id),
    ...fact('aliases', aliases || '—'),
    ...fact('created', formatTime(user.created_at)),
    ...fact('updated', formatTime(user.updated_at)),
  );
  const attributes = Object.entries(user.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  byId('user-attributes').replaceChildren(
    ...attributes.map(([name, value]) => el('tr', { class: 'attribute' }, el('td', { class: 'mono', text: name }), el('td', { text: asText(value) }))),
  );
  byId('user-activity').replaceChildren(...countsTable('Events', user.events), ...countsTable('Purchases', user.purchases));
}
