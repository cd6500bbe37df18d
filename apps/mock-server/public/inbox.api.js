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

/** GETs a /_mock path and returns its JSON body; rejects with the server's message. */
export async function api(path, key = session.key()) {
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${key}` },
    cache: 'no-store',
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) throw new KeyRejected(body.message ?? `HTTP ${response.status}`);
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}
