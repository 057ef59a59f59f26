// The facilitator's panel, put together from its parts: pace (host_pace.js),
// the card's notes (host_notes.js), votes and drafts (host_drafts.js), players
// (host_players.js), exports and links (host_links.js). Each part renders
// from the host view; this module only wires them and reports errors.

import { h, fill, setText } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { createPace } from "./host_pace.js";
import { createNotes } from "./host_notes.js";
import { createDrafts } from "./host_drafts.js";
import { createPlayers } from "./host_players.js";
import { createLinks } from "./host_links.js";
import { createPromiseBoard } from "./host_promises.js";

function section(titleKey, children) {
  return h("section", { class: "hc-section" }, h("h2", { class: "hc-title" }, t(titleKey)), children);
}

/** A status line for refusals: shown for a few seconds. */
function createToast() {
  const el = h("p", { class: "hc-toast", role: "status", "aria-live": "polite", hidden: true });
  let timer = null;
  return {
    el,
    say(text, kind = "error") {
      clearTimeout(timer);
      setText(el, text);
      el.dataset.kind = kind;
      el.hidden = !text;
      timer = setTimeout(() => { el.hidden = true; }, 6000);
    },
  };
}

/**
 * createControls(panel, {code, token, send, presenter, top, notesHost})
 *   -> {hideButton, pace, render(state), setStatus(online)}.
 * Without `presenter` (the projector-safe mode) the panel holds no notes, no votes and no drafts
 * with their teams: it may be seen by the room. `top` are nodes shown first (mode and window buttons).
 */
export function createControls(panel, { code, token, send, presenter = false, top = null, notesHost = null }) {
  const toast = createToast();
  async function act(event, payload, busyButton = null) {
    if (busyButton) busyButton.disabled = true;
    const ack = await send(event, payload);
    if (busyButton) busyButton.disabled = false;
    if (!ack.ok) toast.say(errorText(ack.error));
    return ack;
  }
  // A control that moves the game names the card and phase this screen shows: a press from a
  // second device, or one made just after the phase ended by itself, is refused (stale_control)
  // instead of skipping a phase.
  const MOVING = ["start", "next", "skip", "end"];
  let lastState = null; // the state last rendered: what this screen shows
  const control = (action, extra = {}) => (e) => {
    const shown = lastState && lastState.session;
    const from = MOVING.includes(action) && shown ? { card_index: shown.card_index, phase: shown.phase } : {};
    return act("host:control", { action, ...from, ...extra }, e.currentTarget);
  };

  const pace = createPace({ control, act });
  const notes = createNotes();
  const work = createDrafts({ act });
  const players = createPlayers({ act, say: (text, kind) => toast.say(text, kind) });
  const promiseBoard = createPromiseBoard({ act, presenter });
  const connection = h("span", { class: "hc-conn" });
  const hideButton = h("button", { type: "button", class: "btn btn-small hc-hide", "aria-keyshortcuts": "h" },
    t("controls.hide"));
  // Each part and the section it fills; a section with nothing to show is hidden.
  const notesSection = section("controls.notes", notes.el);
  const parts = [
    // The promises activity's board work: in both modes (the room sees the same list on the projector).
    [promiseBoard, section("controls.promises.title", promiseBoard.el)],
    ...(presenter ? [
      [notes, notesSection],
      [work.votes, section("controls.votes", work.votes.el)],
      [work.drafts, section("controls.drafts", work.drafts.el)],
    ] : []),
  ];
  fill(panel,
    h("header", { class: "hc-head" },
      h("div", null, h("p", { class: "hc-brand" }, t("controls.title"), " ", connection), pace.status),
      h("div", { class: "hc-head-right" }, pace.countdown.el, hideButton)),
    top, toast.el, pace.el,
    parts.map(([, el]) => (el === notesSection && notesHost ? null : el)),
    section("controls.players", players.el),
    section("controls.export", createLinks({ code, token }).el),
    h("p", { class: "hc-hint hc-keys" }, t("controls.keys")));

  // The presenter shows the notes under its preview of the projector, where there is room to read them.
  if (presenter && notesHost) notesHost.append(notesSection);
  return {
    hideButton,
    pace,
    setStatus(online) {
      setText(connection, online ? t("net.online") : t("net.reconnecting"));
      connection.dataset.online = online ? "true" : "false";
    },
    render(state) {
      lastState = state;
      if (!state.session) return;
      pace.render(state);
      for (const [part, el] of parts) el.hidden = !part.render(state);
      players.render(state);
    },
  };
}
