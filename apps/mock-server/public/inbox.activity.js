// What happens around the messages: schedules waiting for their moments (endpoints spec 5,
// GET /_mock/schedules) and the transactional postbacks POSTed so far (spec 4.4, GET /_mock/postbacks).
import { api } from './inbox.api.js';
import { asText, byId, dispatchHash, el, formatTime, link } from './inbox.dom.js';

function targetOf(schedule) {
  if (schedule.campaign_id !== undefined) return `campaign ${asText(schedule.campaign_id)}`;
  return `canvas ${asText(schedule.canvas_id)}`;
}

function scheduleRow(schedule) {
  return el(
    'tr',
    { class: `schedule schedule-${asText(schedule.state)}` },
    el('td', { class: 'mono', text: asText(schedule.schedule_id) }),
    el('td', { text: targetOf(schedule) }),
    el('td', { class: 'state', text: asText(schedule.state) }),
    el('td', {}, el('time', { datetime: asText(schedule.first_moment), text: formatTime(schedule.first_moment) })),
    el('td', { class: 'pending', text: asText(schedule.pending) }),
    el('td', { class: 'mono' }, link(dispatchHash(asText(schedule.dispatch_id)), asText(schedule.dispatch_id))),
  );
}

function postbackRow(attempt) {
  const body = attempt.body ?? {};
  const answered = attempt.status === null || attempt.status === undefined ? asText(attempt.error ?? 'no answer') : asText(attempt.status);
  const ok = typeof attempt.status === 'number' && attempt.status >= 200 && attempt.status < 300;
  return el(
    'tr',
    { class: 'postback' },
    el('td', {}, el('time', { datetime: asText(attempt.attempted_at), text: formatTime(attempt.attempted_at) })),
    el('td', { class: 'event', text: asText(body.status) }),
    el('td', { class: 'mono' }, body.dispatch_id === undefined ? undefined : link(dispatchHash(asText(body.dispatch_id)), asText(body.dispatch_id))),
    el('td', { class: 'mono', text: asText(body.metadata?.external_send_id) }),
    el('td', { class: `answer outcome-${ok ? 'sent' : 'skipped'}`, text: answered }),
    el('td', { class: 'mono url', text: asText(attempt.url) }),
  );
}

/** Fills a table from one inspection list; a rejected key propagates, other failures show in the view. */
async function fill(path, key, rowOf, ids) {
  byId(ids.error).textContent = '';
  let page;
  try {
    page = await api(path);
  } catch (error) {
    byId(ids.error).textContent = error.message;
    throw error;
  }
  const items = Array.isArray(page[key]) ? page[key] : [];
  byId(ids.rows).replaceChildren(...items.map(rowOf));
  byId(ids.empty).hidden = items.length > 0;
  return page;
}

export async function showSchedules() {
  const page = await fill('/_mock/schedules', 'schedules', scheduleRow, { rows: 'schedule-rows', empty: 'schedules-empty', error: 'schedules-error' });
  const waiting = page.schedules.filter((schedule) => schedule.state === 'scheduled').length;
  byId('schedules-summary').textContent = `${page.schedules.length} schedule${page.schedules.length === 1 ? '' : 's'} · ${waiting} waiting`;
}

export async function showPostbacks() {
  const page = await fill('/_mock/postbacks', 'postbacks', postbackRow, { rows: 'postback-rows', empty: 'postbacks-empty', error: 'postbacks-error' });
  const extra = [page.pending ? `${page.pending} waiting` : '', page.dropped ? `${page.dropped} dropped` : ''].filter(Boolean).join(' · ');
  byId('postbacks-summary').textContent = `${page.postbacks.length} attempt${page.postbacks.length === 1 ? '' : 's'}${extra ? ` · ${extra}` : ''}`;
}
