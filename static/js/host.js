// The facilitator's page: the projector stage plus the controls panel, both
// rendered from the host view. The host token comes from localStorage or,
// on a second device, once from the URL fragment (#token=...). Without a token
// the signed-in facilitator who created the session connects by their cookie.

import { h, fill, $ } from "./dom.js";
import { t } from "./i18n.js";
import { connect, storage, hostKey } from "./net.js";
import { createStore } from "./store.js";
import { createProjector } from "./projector.js";
import { createControls } from "./host_controls.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const code = page.code;
const root = $("#app");

function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  storage.set(hostKey(code), decodeURIComponent(match[1]));
  // The token must not stay in the address bar, the history or a screenshot.
  history.replaceState(null, "", location.pathname + location.search);
}

function notHost(messageKey = "host.not_host", offerSignIn = false) {
  document.body.classList.remove("host-page");
  document.body.classList.add("message-page");
  const signIn = `/signin?next=${encodeURIComponent(location.pathname)}`;
  fill(root, h("main", { class: "join-step" },
    h("p", { class: "brand" }, t("app.name")),
    h("h1", null, t("host.not_host_title")),
    h("p", { class: "lead" }, t(messageKey, { code })),
    h("div", { class: "stack" },
      // The facilitator who created the session may open it here by signing in.
      offerSignIn ? h("a", { class: "btn btn-primary btn-block", href: signIn, id: "host-sign-in" }, t("host.sign_in_owner")) : null,
      h("a", { class: offerSignIn ? "btn btn-block" : "btn btn-primary btn-block", href: "/host/new" }, t("host.new_session")),
      h("a", { class: "btn btn-block", href: `/play/${code}` }, t("host.join_as_player")))));
}

function start() {
  takeTokenFromFragment();
  const token = storage.get(hostKey(code));
  const stage = h("section", { class: "stage", "aria-label": t("host.stage_label") });
  const panel = h("aside", { class: "controls", id: "controls", "aria-label": t("controls.title") });
  const reveal = h("button", {
    type: "button", class: "controls-reveal", "aria-controls": "controls", "aria-keyshortcuts": "h",
  }, t("controls.show"));
  const layout = h("div", { class: "host-layout" }, stage, panel, reveal);
  fill(root, layout);

  const store = createStore();
  const projector = createProjector(stage, { code, joinUrl: page.join_url });
  let conn = null;
  const controls = createControls(panel, { code, token, send: (event, payload) => conn.send(event, payload) });

  function setHidden(hidden) {
    layout.classList.toggle("controls-hidden", hidden);
    panel.hidden = hidden;
    reveal.hidden = !hidden;
  }
  setHidden(false);
  controls.hideButton.addEventListener("click", () => setHidden(true));
  reveal.addEventListener("click", () => setHidden(false));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "h" && event.key !== "H") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    setHidden(!layout.classList.contains("controls-hidden"));
  });

  store.subscribe((state) => {
    projector.render(state);
    controls.render(state);
  });

  conn = connect({
    code,
    token,
    store,
    onStatus: (status, detail) => {
      const online = status === "connected";
      projector.setOnline(online || status === "connecting");
      controls.setStatus(online);
      if (status !== "refused") return;
      if (["bad_token", "bad_payload", "not_signed_in", "not_owner"].includes(detail)) {
        storage.remove(hostKey(code));
        conn.close();
        notHost("host.not_host", detail === "not_signed_in" || detail === "bad_token");
      } else if (detail === "unknown_code") {
        conn.close();
        notHost("host.unknown_code");
      } else {
        setTimeout(() => conn.socket.connect(), 3000);
      }
    },
  });
}

start();
