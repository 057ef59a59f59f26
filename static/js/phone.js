// The phone: join (code -> name; the server joins us in the socket connect and sends our
// token, kept for reconnects), then one clear task per phase.
// The screen is a function of the view the server sends; taps send intents.

import { h, fill, setText, $ } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { languageSwitch } from "./language.js";
import { api, connect, storage, playerKey } from "./net.js";
import { createStore } from "./store.js";
import { createCountdown } from "./timer.js";
import { SCREENS } from "./phone_phases.js";
import { createPhoneState } from "./phone_state.js";
import { normalizeCode } from "./join_code.js";
import { paintTeam } from "./render.js";
const root = $("#app");
const page = JSON.parse(($("#page") || {}).textContent || "{}");

// /play/CODE renders the code into the page; /play?code=CODE comes from the landing form without JS.
let code = normalizeCode(page.code || new URLSearchParams(location.search).get("code") || "");
let sessionInfo = null;
let joiningAs = null; // the name we are joining with, until the server confirms the seat
let joiningToken = null; // our own token for that join, so a retried join finds the same seat
let conn = null;
let store = null;

// --- join steps ------------------------------------------------------------------

function stepLayout(...children) {
  fill(root, h("main", { class: "join-step" },
    h("p", { class: "brand" }, t("app.name")), ...children), phoneFooter());
}

function phoneFooter() {
  // A typed but unsent draft is saved before the page reloads in the other language.
  return h("footer", { class: "phone-footer" },
    languageSwitch({ beforeSwitch: () => (own.editor ? own.editor.flush() : null) }));
}

function errorBox() {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

function showError(box, text) {
  setText(box, text || "");
  box.hidden = !text;
}

function codeStep(message = "") {
  const input = h("input", {
    class: "code-input", id: "code", name: "code", inputmode: "text", autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", maxlength: 6, required: true,
    "aria-describedby": "code-error", placeholder: "K7PQ2M",
  });
  const error = errorBox();
  error.id = "code-error";
  const button = h("button", { type: "submit", class: "btn btn-primary btn-block" }, t("join.code_submit"));
  input.addEventListener("input", () => {
    const clean = normalizeCode(input.value);
    if (clean !== input.value) input.value = clean;
    showError(error, "");
  });
  const form = h("form", { class: "stack", novalidate: true },
    h("label", { for: "code", class: "step-label" }, t("join.code_label")), input, error, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = normalizeCode(input.value);
    if (value.length !== 6) {
      showError(error, t("join.code_invalid"));
      return;
    }
    button.disabled = true;
    const result = await api("GET", `/api/sessions/${value}`);
    button.disabled = false;
    if (!result.ok) {
      showError(error, result.status === 404 ? t("join.no_game", { code: value }) : errorText(result.error));
      return;
    }
    code = value;
    sessionInfo = result.data;
    history.replaceState(null, "", `/play/${code}`);
    begin();
  });
  stepLayout(h("h1", null, t("join.title")), form);
  showError(error, message);
  input.focus();
}

async function nameStep(message = "", value = "") {
  if (!sessionInfo) {
    fill(root, h("main", { class: "join-step" }, h("p", { class: "lead" }, t("common.loading"))));
    const result = await api("GET", `/api/sessions/${code}`);
    if (!result.ok) {
      codeStep(result.status === 404 ? t("join.no_game", { code }) : errorText(result.error));
      return;
    }
    sessionInfo = result.data;
  }
  if (sessionInfo.phase === "finished") {
    stepLayout(h("h1", null, sessionInfo.title || ""), h("p", { class: "notice" }, t("error.session_finished")),
      h("a", { class: "btn btn-block", href: "/" }, t("common.home")));
    return;
  }
  const input = h("input", {
    class: "name-input", id: "name", name: "name", autocomplete: "nickname", autocapitalize: "words",
    maxlength: 40, required: true, enterkeyhint: "go", "aria-describedby": "name-error",
  });
  const error = errorBox();
  error.id = "name-error";
  const button = h("button", { type: "submit", class: "btn btn-primary btn-block" }, t("join.name_submit"));
  input.addEventListener("input", () => showError(error, ""));
  const form = h("form", { class: "stack", novalidate: true },
    h("label", { for: "name", class: "step-label" }, t("join.name_label")), input,
    h("p", { class: "hint" }, t("join.name_hint")), error, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      showError(error, t("error.name_empty"));
      return;
    }
    joiningAs = name;
    joiningToken = newToken();
    begin();
  });
  stepLayout(
    h("p", { class: "eyebrow" }, t("join.joining", { code })),
    h("h1", null, sessionInfo.title || t("join.title")), form);
  input.value = value;
  showError(error, message);
  input.focus();
}

/** 32 random bytes, base64url: as hard to guess as a token the server makes. */
function newToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function messageStep(title, body, action) {
  stepLayout(h("h1", null, title), body ? h("p", { class: "lead" }, body) : null, action || null);
}

// --- the game ----------------------------------------------------------------------

const shell = {};
const own = createPhoneState();
let screenKey = null;
let screen = null;
let everConnected = false;
let bannerTimer = null;
let seen = { teamId: null, hidden: false }; // what this phone last showed: a change gets a notice

function buildShell() {
  shell.banner = h("div", { class: "banner", role: "status", hidden: true }, t("net.reconnecting_kept"));
  shell.noticeText = h("p", { class: "notice-text" });
  shell.notice = h("div", { class: "phone-notice", role: "status", "aria-live": "polite", hidden: true },
    shell.noticeText,
    h("button", { type: "button", class: "notice-close", "aria-label": t("common.close"), onclick: () => notice(null) }, "×"));
  shell.teamName = h("span", { class: "bar-team" });
  shell.playerName = h("span", { class: "bar-name" });
  shell.phase = h("span", { class: "bar-phase" });
  shell.countdown = createCountdown("countdown bar-countdown");
  shell.bar = h("header", { class: "phone-bar" },
    h("div", { class: "bar-who" }, shell.teamName, shell.playerName),
    h("div", { class: "bar-right" }, shell.phase, shell.countdown.el));
  shell.main = h("main", { class: "phone-main", id: "main" }, h("p", { class: "lead center" }, t("net.connecting")));
  fill(root, h("div", { class: "phone" }, shell.banner, shell.bar, shell.notice, shell.main, phoneFooter()));
}

/** A notice at the top of the screen about what happened to this phone, until closed or replaced. */
function notice(text, kind = "info") {
  setText(shell.noticeText, text || "");
  shell.notice.dataset.kind = kind;
  shell.notice.hidden = !text;
}

/** Tell the player what the facilitator did to them: moved to another team, their draft set aside. */
function noticeChanges(team) {
  if (seen.teamId && team.id !== seen.teamId) notice(t("notice.moved", { team: team.name || "" }), "moved");
  const hidden = !!(team.draft && team.draft.hidden);
  if (hidden && !seen.hidden && seen.teamId === team.id) notice(t("notice.hidden"), "hidden");
  seen = { teamId: team.id, hidden };
}

function setBanner(visible) {
  clearTimeout(bannerTimer);
  if (!visible) {
    shell.banner.hidden = true;
    return;
  }
  // A short blip (a websocket upgrade, a quick wake) does not need a banner.
  bannerTimer = setTimeout(() => { shell.banner.hidden = false; }, everConnected ? 800 : 2500);
}

const ctx = {
  own,
  send: (event, payload) => conn.send(event, payload),
  call: (event, payload) => conn.call(event, payload),
  draftKey: () => `${code}:${screenKey}`,
  state: () => store.state,
  connected: () => !!(conn && conn.socket.connected),
  resync: () => conn && conn.sync(),
};

function render(state, changed) {
  if (!state.session || !state.me || !state.team) return;
  const { session, team, me } = state;
  // A new phase brings its own screen and words: an older notice has had its moment.
  if (screenKey && !screenKey.startsWith(`${session.phase}:${session.card_index}:`)) notice(null);
  noticeChanges(team);
  setText(shell.teamName, team.name || "");
  // `me` comes only on (re)connect; a rename shows up in the team's member list.
  const mine = (team.members || []).find((m) => m.id === me.player_id);
  setText(shell.playerName, (mine && mine.name) || me.name || "");
  paintTeam(shell.bar, team.color);
  const phaseLabel = t(`phase.${session.phase}`);
  const cardLabel = session.card ? t("phase.card_of", { n: session.card_index + 1, total: session.card_count }) : "";
  setText(shell.phase, [phaseLabel, cardLabel].filter(Boolean).join(" · "));
  shell.countdown.update(session.timer);

  // A new phase, card or team (the facilitator moved us) gets a fresh screen.
  const key = `${session.phase}:${session.card_index}:${team.id}`;
  if (key !== screenKey) {
    const phaseChanged = !screenKey || !screenKey.startsWith(`${session.phase}:${session.card_index}:`);
    screenKey = key;
    // A new phase: our own ticks and vote start empty (the server did the same).
    if (phaseChanged && !changed.has("me")) own.newRound();
    own.newScreen();
    const make = SCREENS[session.phase] || SCREENS.lobby;
    screen = make(ctx);
    fill(shell.main, screen.el);
    window.scrollTo(0, 0);
  }
  if (changed.has("me")) own.adopt(me);
  screen.update(state, changed);
}

function begin() {
  if (!storage.get(playerKey(code)) && !joiningAs) {
    nameStep();
    return;
  }
  buildShell();
  store = createStore();
  store.subscribe(render);
  screenKey = null;
  conn = connect({
    code,
    token: () => storage.get(playerKey(code)) || joiningToken,
    name: () => joiningAs,
    store,
    on: {
      joined: (seat) => {
        if (!seat || !seat.token) return;
        storage.set(playerKey(code), seat.token);
        joiningAs = null;
        joiningToken = null;
      },
      "draft:update": (event) => {
        if (screen && screen.onDraftUpdate) screen.onDraftUpdate(event);
      },
      "draft:presence": (event) => {
        if (screen && screen.onDraftPresence) screen.onDraftPresence(event);
      },
      removed: (data) => leave(!!(data && data.rejoin)),
      // The facilitator hid the draft we voted for, or moved us into its team. The `view` with
      // our `me` (vote: null) came just before: say why the ballot is open again.
      vote_removed: (notice) => {
        local.vote = null;
        local.voteStatus = "error";
        local.voteError = notice && notice.reason === "moved" ? t("vote.removed_moved") : t("vote.removed_hidden");
        if (screen && store.state.session && store.state.team) screen.update(store.state, new Set(["me"]));
      },
      // Sent after the facilitator moved us to another team: fetch the full view again.
      resync: () => ctx.resync(),
    },
    onStatus: (status, detail) => {
      if (status === "connected") {
        everConnected = true;
        setBanner(false);
        // Look at the screen when the timer fires, not now: a phase change in those 300 ms
        // replaces it (or a removal clears it), and the new one may have nothing to resume.
        setTimeout(() => {
          if (screen && screen.resume) screen.resume();
        }, 300);
      } else if (status === "disconnected") {
        setBanner(true);
        if (own.editor) own.editor.refreshStatus();
      } else if (status === "refused") {
        refused(detail);
      }
    },
  });
}

/** Removed by the facilitator: say so, and offer to join again only if the facilitator allowed it. */
function leave(rejoin) {
  storage.remove(playerKey(code));
  if (conn) conn.close();
  conn = null;
  screen = null;
  seen = { teamId: null, hidden: false };
  document.body.dataset.removed = "true";
  messageStep(t("removed.title"), rejoin ? t("removed.body_rejoin") : t("removed.body"), rejoin
    ? h("button", { type: "button", class: "btn btn-primary btn-block", id: "join-again", onclick: () => nameStep() },
      t("removed.join_again"))
    : h("a", { class: "btn btn-block", href: "/" }, t("common.home")));
}

function refused(reason) {
  if (joiningAs && reason !== "rate_limited" && reason !== "unknown_code") {
    // The name was not accepted (taken, empty, too long, the session finished): ask again.
    const name = joiningAs;
    joiningAs = null;
    joiningToken = null;
    if (conn) conn.close();
    conn = null;
    nameStep(errorText({ code: reason }), name);
  } else if (reason === "bad_token" || reason === "bad_payload") {
    storage.remove(playerKey(code));
    if (conn) conn.close();
    conn = null;
    nameStep(t("join.seat_gone"));
  } else if (reason === "unknown_code") {
    joiningAs = null;
    joiningToken = null;
    storage.remove(playerKey(code));
    if (conn) conn.close();
    conn = null;
    sessionInfo = null;
    codeStep(t("join.no_game", { code }));
  } else {
    // rate_limited or a hiccup: try again in a moment, keep the seat.
    setBanner(true);
    setTimeout(() => { if (conn) conn.socket.connect(); }, 3000);
  }
}

if (code.length === 6) {
  if (!page.code) history.replaceState(null, "", `/play/${code}`);
  begin();
} else {
  codeStep();
}
