// The inspection API (spec 9), with the key the person entered. The key lives in this tab's
// sessionStorage only: it is gone when the tab closes.

const KEY_STORAGE = 'triggerkit.inbox.key';

/** The server refused the key (401) or the key lacks mock.inspect (403). */
export class KeyRejected extends Error {}

export const session = {
  key: () => sessionStorage.getItem(KEY_STORAGE),
  keep: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  forget: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** The server no longer knows the cursor (a reset, or retention dropped it): start over. */
class CursorLost extends Error {}

/** GETs a /_mock path and returns its JSON body; rejects with the server's message. */
export async function api(path, key = session.key()) {
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${key}` },
    cache: 'no-store',
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) throw new KeyRejected(body.message ?? `HTTP ${response.status}`);
  if (response.status === 400 && path.includes('after=')) throw new CursorLost(body.message);
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

/** How many messages the page shows at most (the newest). */
export const SHOWN_MESSAGES = 200;
let newestSeen;

/**
 * Only what is new since the last call (`after` the newest id seen), oldest first; the first call
 * (and any after a reset) gets the newest `SHOWN_MESSAGES` and says `fresh: true`.
 */
export async function fetchNewMessages() {
  if (newestSeen !== undefined) {
    try {
      const messages = [];
      for (let after = newestSeen; after !== undefined; ) {
        const page = await api(`/_mock/messages?limit=1000&after=${encodeURIComponent(after)}`);
        messages.push(...page.messages);
        after = page.next_after;
      }
      if (messages.length > 0) newestSeen = messages[messages.length - 1].id;
      return { fresh: false, messages };
    } catch (error) {
      if (!(error instanceof CursorLost)) throw error;
    }
  }
  const page = await api(`/_mock/messages?order=newest&limit=${SHOWN_MESSAGES}`);
  const messages = page.messages.reverse();
  newestSeen = messages.length > 0 ? messages[messages.length - 1].id : undefined;
  return { fresh: true, messages };
}

/** The next fetch starts over (a new key, another workspace). */
export function forgetMessages() {
  newestSeen = undefined;
}
