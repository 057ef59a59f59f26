// The facilitator's page, in one of two modes, chosen per device and remembered:
// - projector-safe (the default on a wide screen: one screen, seen by the room):
//   the stage large plus the pace controls and players; no notes, no votes so far,
//   no drafts with their teams anywhere in the document;
// - presenter (the laptop's own screen while a projector window shows the stage,
//   or the facilitator's phone as a remote): controls, notes, drafts with teams,
//   votes, players and a small live preview of the projector.
// "Open the projector window" opens /host/CODE/screen (the audience view only)
// and switches this page to the presenter mode.

import { h, fill, $ } from "./dom.js";
import { t } from "./i18n.js";
import { connect, storage, hostKey } from "./net.js";
import { createStore } from "./store.js";
import { createProjector } from "./projector.js";
import { createControls } from "./host_controls.js";
import { hostToken } from "./host_token.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const code = page.code;
const root = $("#app");
const MODE_KEY = "cxgame.host_mode";
const STEP_PHASES = new Set(["story", "reveal", "finished"]);

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

/** The mode this device uses: remembered, else presenter on a phone-sized screen and safe on a wide one. */
export function hostMode() {
  const saved = storage.get(MODE_KEY);
  if (saved === "presenter" || saved === "safe") return saved;
  return window.matchMedia && window.matchMedia("(max-width: 900px)").matches ? "presenter" : "safe";
}

function setMode(mode) {
  storage.set(MODE_KEY, mode);
  location.reload();
}

function openProjectorWindow() {
  window.open(`/host/${code}/screen`, `cxgame-projector-${code}`, "popup,width=1280,height=720");
  if (hostMode() !== "presenter") setMode("presenter");
}

function modeButtons(mode) {
  return h("div", { class: "hc-section hc-modes" },
    h("div", { class: "hc-row" },
      h("button", { type: "button", class: "btn btn-small", id: "open-projector", onclick: openProjectorWindow },
        t("host.open_projector")),
      mode === "presenter"
        ? h("button", { type: "button", class: "btn btn-small", id: "mode-safe", onclick: () => setMode("safe") }, t("host.mode_safe"))
        : h("button", { type: "button", class: "btn btn-small", id: "mode-presenter", onclick: () => setMode("presenter") },
          t("host.mode_presenter"))),
    h("p", { class: "hc-hint" }, mode === "presenter" ? t("host.mode_presenter_hint") : t("host.mode_safe_hint")));
}

function layoutFor(mode, stage, panel) {
  if (mode === "presenter") {
    const notes = h("div", { class: "presenter-notes" });
    const preview = h("div", { class: "presenter-preview" },
      h("p", { class: "hc-title" }, t("host.preview")), h("div", { class: "preview-frame" }, stage), notes);
    return { layout: h("div", { class: "host-layout mode-presenter" }, preview, panel), reveal: null, notes };
  }
  const reveal = h("button", {
    type: "button", class: "controls-reveal", "aria-controls": "controls", "aria-keyshortcuts": "h",
  }, t("controls.show"));
  return { layout: h("div", { class: "host-layout mode-safe" }, stage, panel, reveal), reveal };
}

function typing(event) {
  const target = event.target;
  return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/** Keys: arrows, Page Up/Down and space move the steps of a long story, the reveal and the wall (never
 * to another phase: that is the Next button); h hides the panel (projector-safe). */
function listenToKeys({ store, controls, setHidden, layout }) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const session = store.state.session;
    const forward = ["ArrowRight", "PageDown", " "].includes(event.key);
    const back = ["ArrowLeft", "PageUp"].includes(event.key);
    if ((forward || back) && session && STEP_PHASES.has(session.phase)) {
      event.preventDefault();
      if (forward) controls.pace.forward();
      else controls.pace.back();
    } else if ((event.key === "h" || event.key === "H") && setHidden) {
      setHidden(!layout.classList.contains("controls-hidden"));
    }
  });
}

function refused(conn, detail) {
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
}

function start() {
  const token = hostToken(code);
  const mode = hostMode();
  document.body.dataset.mode = mode;
  const stage = h("section", { class: "stage", "aria-label": t("host.stage_label") });
  const panel = h("aside", { class: "controls", id: "controls", "aria-label": t("controls.title") });
  const { layout, reveal, notes } = layoutFor(mode, stage, panel);
  fill(root, layout);

  const store = createStore();
  const projector = createProjector(stage, { code, joinUrl: page.join_url, joinReachable: page.join_reachable });
  let conn = null;
  const controls = createControls(panel, {
    code, token, presenter: mode === "presenter", top: modeButtons(mode), notesHost: notes || null,
    send: (event, payload) => conn.send(event, payload),
  });
  const setHidden = reveal ? (hidden) => {
    layout.classList.toggle("controls-hidden", hidden);
    panel.hidden = hidden;
    reveal.hidden = !hidden;
  } : null;
  if (setHidden) {
    setHidden(false);
    controls.hideButton.addEventListener("click", () => setHidden(true));
    reveal.addEventListener("click", () => setHidden(false));
  } else {
    controls.hideButton.hidden = true;
  }
  listenToKeys({ store, controls, setHidden, layout });
  store.subscribe((state) => {
    projector.render(state);
    controls.render(state);
  });
  conn = connect({
    code, token, store,
    onStatus: (status, detail) => {
      projector.setOnline(status === "connected" || status === "connecting");
      controls.setStatus(status === "connected");
      if (status === "refused") refused(conn, detail);
    },
  });
}

start();
