// HTTP for the deck library and editor: JSON calls and file uploads that carry
// the CSRF token from <meta name="csrf-token"> (when the page has one).

import { api } from "./net.js";

function csrfHeaders() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta && meta.content ? { "X-CSRFToken": meta.content } : {};
}

/** Like net.api, with the CSRF header: resolves {ok, status, data, error}. */
export function deckApi(method, path, body = undefined) {
  return api(method, path, body, csrfHeaders());
}

/** POST a FormData (a file upload); same result shape as deckApi. */
export async function upload(path, form) {
  let response;
  try {
    response = await fetch(path, { method: "POST", body: form, headers: { Accept: "application/json", ...csrfHeaders() } });
  } catch (error) {
    return { ok: false, status: 0, data: null, error: { code: "network", message: String(error) } };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) { /* not JSON */ }
  if (response.ok) return { ok: true, status: response.status, data, error: null };
  return { ok: false, status: response.status, data, error: (data && data.error) || { code: "http_error", message: `HTTP ${response.status}` } };
}

/** "2026-11-26 14:05" in the browser's time zone, from epoch seconds. */
export function localTime(epoch) {
  const d = new Date(epoch * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
