// The triggerkit inbox: what the mock server "sent", live. This file routes between the views
// (#/ messages, #/dispatches/<id>, #/users/<external_id>) and owns the key prompt and the polling.
// Message content is untrusted: see inbox.dom.js and the sandboxed email frame in inbox.messages.js.
import { api, KeyRejected, session } from './inbox.api.js';
import { byId } from './inbox.dom.js';
import { showDispatch } from './inbox.dispatch.js';
import { applyFilter, clearMessages, refreshMessages } from './inbox.messages.js';
import { showUser } from './inbox.user.js';

const POLL_MS = 1000;
const VIEWS = ['key-view', 'messages-view', 'dispatch-view', 'user-view'];
let polling = false;

function setStatus(text, problem = false) {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

function show(viewId) {
  for (const id of VIEWS) byId(id).hidden = id !== viewId;
  byId('forget-key').hidden = viewId === 'key-view';
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

async function route() {
  if (!session.key()) return askForKey();
  const current = currentRoute();
  if (current.view === 'dispatch') {
    show('dispatch-view');
    return showDispatch(current.id).catch(handleFailure);
  }
  if (current.view === 'user') {
    show('user-view');
    return showUser(current.id).catch(handleFailure);
  }
  show('messages-view');
  startPolling();
}

async function pollOnce() {
  try {
    const count = await refreshMessages();
    setStatus(`live · ${count} message${count === 1 ? '' : 's'} · ${new Date().toLocaleTimeString()}`);
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
    if (session.key() && currentRoute().view === 'messages') await pollOnce();
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
  clearMessages();
  askForKey();
}

byId('key-form').addEventListener('submit', submitKey);
byId('forget-key').addEventListener('click', forgetKey);
byId('message-filter').addEventListener('input', applyFilter);
window.addEventListener('hashchange', () => void route());
void route();
