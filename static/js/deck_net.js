// HTTP for the deck library and editor: JSON calls and file uploads, both with
// the CSRF token from <meta name="csrf-token">.

import { api, csrfToken, send } from "./net.js";

/** net.api (which sends the CSRF header on writes): resolves {ok, status, data, error}. */
export function deckApi(method, path, body = undefined) {
  return api(method, path, body);
}

/** POST a FormData (a file upload) with the CSRF header; same result shape as deckApi. */
export function upload(path, form) {
  return send(path, { method: "POST", body: form, headers: { Accept: "application/json", "X-CSRFToken": csrfToken() } });
}

/** "2026-11-26 14:05" in the browser's time zone, from epoch seconds. */
export function localTime(epoch) {
  const d = new Date(epoch * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
