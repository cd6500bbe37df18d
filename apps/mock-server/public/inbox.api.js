// The inspection API (spec 9), with the key the person entered (or the demo key). The key lives in
// this tab's sessionStorage only and travels only in the Authorization header, never in a URL.

const KEY_STORAGE = 'triggerkit.inbox.key';

/** The key of the workspace the server runs without --config (spec 13). */
export const DEMO_KEY = 'demo-key';

/** The server refused the key (401) or the key lacks mock.inspect (403). */
export class KeyRejected extends Error {}

export const session = {
  key: () => sessionStorage.getItem(KEY_STORAGE),
  keep: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  forget: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** The server no longer knows the cursor (a reset, or retention dropped it): start over. */
class CursorLost extends Error {}

async function request(method, path, key) {
  const headers = key === undefined ? {} : { authorization: `Bearer ${key}` };
  const response = await fetch(path, { method, headers, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) throw new KeyRejected(body.message ?? `HTTP ${response.status}`);
  if (response.status === 400 && path.includes('after=')) throw new CursorLost(body.message);
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

/** GETs a /_mock path and returns its JSON body; rejects with the server's message. */
export function api(path, key = session.key()) {
  return request('GET', path, key);
}

/** POST /_mock/reset: the workspace back to its configured state (no messages, seed users only). */
export function resetWorkspace(key = session.key()) {
  return request('POST', '/_mock/reset', key);
}

/**
 * Whether the server runs the demo workspace: it answers (health needs no key) and takes the demo
 * key for inspection. Resolves false when the demo key is refused; rejects when the server is down.
 */
export async function demoKeyWorks() {
  await request('GET', '/_mock/health');
  try {
    await api('/_mock/messages?limit=1', DEMO_KEY);
    return true;
  } catch (error) {
    if (error instanceof KeyRejected) return false;
    throw error;
  }
}

/** How many messages the page shows at most (the newest). */
export const SHOWN_MESSAGES = 200;
let newestSeen;
/** Bumped by forgetMessages: a fetch that started before it answers `stale` and changes nothing. */
let generation = 0;

async function fetchSinceNewest() {
  const messages = [];
  for (let after = newestSeen; after !== undefined; ) {
    const page = await api(`/_mock/messages?limit=1000&after=${encodeURIComponent(after)}`);
    messages.push(...page.messages);
    after = page.next_after;
  }
  return messages;
}

/**
 * Only what is new since the last call (`after` the newest id seen), oldest first; the first call
 * (and any after a reset) gets the newest `SHOWN_MESSAGES` and says `fresh: true`. A call that was
 * overtaken by forgetMessages (the Clear button) says `stale: true`.
 */
export async function fetchNewMessages() {
  const started = generation;
  if (newestSeen !== undefined) {
    try {
      const messages = await fetchSinceNewest();
      if (started !== generation) return { stale: true, fresh: false, messages: [] };
      if (messages.length > 0) newestSeen = messages[messages.length - 1].id;
      return { stale: false, fresh: false, messages };
    } catch (error) {
      if (!(error instanceof CursorLost)) throw error;
    }
  }
  const page = await api(`/_mock/messages?order=newest&limit=${SHOWN_MESSAGES}`);
  if (started !== generation) return { stale: true, fresh: false, messages: [] };
  const messages = page.messages.reverse();
  newestSeen = messages.length > 0 ? messages[messages.length - 1].id : undefined;
  return { stale: false, fresh: true, messages };
}

/** The next fetch starts over (a new key, another workspace, a reset). */
export function forgetMessages() {
  newestSeen = undefined;
  generation += 1;
}
