// The session's JSON export for a page that prints it (print.js, charter.js), with the host
// token of this browser, or the signed-in owner's cookie when this browser has no token.

import { h, fill } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { storage, hostKey } from "./net.js";

/** Load /api/sessions/CODE/export.json into render(data), or say in `root` why it could not be. */
export async function loadExport(code, root, render) {
  // No token in this browser: the signed-in owner's cookie may still open it (from /sessions).
  const token = storage.get(hostKey(code));
  const headers = token ? { "X-Host-Token": token, Accept: "application/json" } : { Accept: "application/json" };
  fill(root, h("p", { class: "lead" }, t("common.loading")));
  let response;
  try {
    response = await fetch(`/api/sessions/${code}/export.json`, { headers });
  } catch (error) {
    fill(root, h("p", { class: "form-error" }, errorText({ code: "network" })));
    return;
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) { /* not JSON */ }
  if (!response.ok && response.status === 403) {
    fill(root, h("p", { class: "lead" }, t("host.not_host", { code })));
    return;
  }
  if (!response.ok || !data) {
    fill(root, h("p", { class: "form-error" }, errorText(data && data.error)));
    return;
  }
  render(data);
}

