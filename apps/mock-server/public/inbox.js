// The triggerkit inbox: what the mock server "sent", live. This file routes between the views
// (#/ and #/messages/<id>: list and preview; #/dispatches/<id>; #/users/<external_id>;
// #/schedules; #/postbacks) and owns
// the key (the demo key when the server takes it, else a prompt), the Clear button and the polling.
// Message content is untrusted: see inbox.dom.js and the sandboxed email frame in inbox.preview.js.
import { api, DEMO_KEY, demoKeyWorks, KeyRejected, resetWorkspace, session } from './inbox.api.js';
import { byId, messageHash } from './inbox.dom.js';
import { showDispatch } from './inbox.dispatch.js';
import { applySearch, clearMessages, neighbourOfSelection, refreshMessages, selectMessage } from './inbox.messages.js';
import { showUser } from './inbox.user.js';
import { showPostbacks, showSchedules } from './inbox.activity.js';

const POLL_MS = 1000;
const VIEWS = ['key-view', 'messages-view', 'dispatch-view', 'user-view', 'schedules-view', 'postbacks-view'];
const CLEAR_QUESTION =
  'Clear the inbox?\n\nThis resets the workspace on the server (POST /_mock/reset): every message, dispatch and journaled request is deleted and users return to the configuration\'s seed users.';
let polling = false;
/** Once the person forgets the demo key, this page load asks instead of trying it again. */
let demoDeclined = false;

function setStatus(text, problem = false) {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

function show(viewId) {
  for (const id of VIEWS) byId(id).hidden = id !== viewId;
  byId('forget-key').hidden = viewId === 'key-view';
  byId('views-nav').hidden = viewId === 'key-view';
  byId('search-form').hidden = viewId !== 'messages-view';
  byId('clear-messages').hidden = viewId !== 'messages-view';
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function currentRoute() {
  const [, view, ...rest] = window.location.hash.replace(/^#/, '').split('/');
  const id = rest.length > 0 ? decoded(rest.join('/')) : undefined;
  if (view === 'dispatches' && id) return { view: 'dispatch', id };
  if (view === 'users' && id) return { view: 'user', id };
  if (view === 'messages' && id) return { view: 'messages', id };
  if (view === 'schedules' || view === 'postbacks') return { view };
  return { view: 'messages' };
}

function askForKey(problem) {
  session.forget();
  byId('key-error').textContent = problem ?? '';
  setStatus('');
  show('key-view');
  byId('key-input').focus();
}

/** A rejected key sends the person back to the prompt; anything else is shown where it happened. */
function handleFailure(error) {
  if (error instanceof KeyRejected) askForKey(error.message);
}

/** With no key yet, the demo key if this server takes it (spec 13's demo workspace); else the prompt. */
async function adoptDemoKey() {
  if (demoDeclined) return false;
  try {
    if (!(await demoKeyWorks())) return false;
  } catch (error) {
    setStatus(`cannot reach the server: ${error.message}`, true);
    return false;
  }
  session.keep(DEMO_KEY);
  return true;
}

async function route() {
  if (!session.key() && !(await adoptDemoKey())) return askForKey();
  const current = currentRoute();
  if (current.view === 'dispatch') {
    show('dispatch-view');
    return showDispatch(current.id).catch(handleFailure);
  }
  if (current.view === 'user') {
    show('user-view');
    return showUser(current.id).catch(handleFailure);
  }
  if (current.view === 'schedules') {
    show('schedules-view');
    return showSchedules().catch(handleFailure);
  }
  if (current.view === 'postbacks') {
    show('postbacks-view');
    return showPostbacks().catch(handleFailure);
  }
  show('messages-view');
  selectMessage(current.id);
  startPolling();
}

async function pollOnce() {
  try {
    const count = await refreshMessages();
    const demo = session.key() === DEMO_KEY ? 'demo workspace · ' : '';
    setStatus(`live · ${demo}${count} message${count === 1 ? '' : 's'} · ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    if (error instanceof KeyRejected) return askForKey(error.message);
    setStatus(`cannot reach the server: ${error.message}`, true);
  }
}

/** One loop for the page's lifetime; it refreshes only while the message list is on screen. */
function startPolling() {
  if (polling) return void pollOnce();
  polling = true;
  const tick = async () => {
    if (session.key() && currentRoute().view === 'messages' && !byId('messages-view').hidden) await pollOnce();
    setTimeout(tick, POLL_MS);
  };
  void tick();
}

async function submitKey(event) {
  event.preventDefault();
  const key = byId('key-input').value.trim();
  if (key === '') return;
  try {
    await api('/_mock/messages?limit=1', key);
  } catch (error) {
    return askForKey(error instanceof KeyRejected ? error.message : `cannot reach the server: ${error.message}`);
  }
  session.keep(key);
  byId('key-input').value = '';
  byId('key-error').textContent = '';
  void route();
}

function forgetKey() {
  if (session.key() === DEMO_KEY) demoDeclined = true;
  clearMessages();
  askForKey();
}

async function clearInbox() {
  if (!window.confirm(CLEAR_QUESTION)) return;
  try {
    await resetWorkspace();
  } catch (error) {
    if (error instanceof KeyRejected) return askForKey(error.message);
    return setStatus(`clear failed: ${error.message}`, true);
  }
  clearMessages();
  // Leaving a message's address routes back to the list, which polls; else poll here.
  if (window.location.hash !== '#/' && window.location.hash !== '') window.location.hash = '#/';
  else await pollOnce();
}

/** j / k or the arrow keys move through the list, as in a mail client. */
function moveSelection(event) {
  if (byId('messages-view').hidden || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target instanceof HTMLElement && event.target.closest('input, textarea, [role="tablist"]')) return;
  const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[event.key];
  const next = step === undefined ? undefined : neighbourOfSelection(step);
  if (next === undefined) return;
  event.preventDefault();
  window.location.hash = messageHash(next);
  document.querySelector(`#message-list li[data-message-id="${window.CSS.escape(next)}"] a`)?.focus();
}

byId('key-form').addEventListener('submit', submitKey);
byId('forget-key').addEventListener('click', forgetKey);
byId('clear-messages').addEventListener('click', () => void clearInbox());
byId('search-form').addEventListener('submit', (event) => event.preventDefault());
byId('message-search').addEventListener('input', applySearch);
document.addEventListener('keydown', moveSelection);
window.addEventListener('hashchange', () => void route());
void route();
