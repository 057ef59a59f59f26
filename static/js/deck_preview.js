// The live preview: the selected card as the projector and as a phone show it,
// drawn by the game's own renderers (projector.js and phone_phases.js) from a
// view built the way the server builds one (game/core/views.py).

import { h, fill, setText, teamStyle } from "./dom.js";
import { t } from "./i18n.js";
import { clock } from "./net.js";
import { createProjector } from "./projector.js";
import { SCREENS } from "./phone_phases.js";
import { createCountdown } from "./timer.js";
import { publicCard, isPromises } from "./deck_model.js";
import { createPhoneState } from "./phone_state.js";

const PHASES = ["story", "diagnose", "draft"];
const PROMISE_PHASES = ["collect", "choose", "live"];
const SAMPLE_TEAMS = [
  { id: "t1", name: "Team 1", color: "#2563eb", size: 3 },
  { id: "t2", name: "Team 2", color: "#db2777", size: 3 },
];

/** The promises activity's session section with three sample promises (the phones' words come from the card). */
function samplePromises(card, revision) {
  const items = [1, 2, 3].map((n) => ({ id: `p${n}`, text: t("editor.preview_promise", { n }), team_id: "t1",
    team_name: SAMPLE_TEAMS[0].name, color: SAMPLE_TEAMS[0].color, card_index: null, dots: null, members: [] }));
  return { title: card.title || "", intro: card.intro || "", prompts: { ...(card.prompts || {}) }, items,
    ranking: null, chosen: ["p1", "p2"], charter: null, revision };
}

/** createPreview(container, {limits}) -> {show(deck, cardIndex)} */
export function createPreview(container, { limits }) {
  let phase = "story";
  let revision = 0;
  let last = null;
  const tabs = h("div", { class: "preview-tabs", role: "group", "aria-label": t("editor.preview_phase") });
  let tabPhases = null;
  /** The phase tabs of the card's activity type (a case's, or the promises activity's). */
  function setTabs(phases) {
    if (tabPhases === phases) return;
    tabPhases = phases;
    if (!phases.includes(phase)) phase = phases[0];
    fill(tabs, phases.map((name) => h("button", {
      type: "button", class: "btn btn-small", "aria-pressed": name === phase ? "true" : "false",
      dataset: { phase: name }, onclick: () => { phase = name; syncTabs(); redraw(true); },
    }, t(`phase.${name}`))));
  }
  setTabs(PHASES);
  const stage = h("section", { class: "stage", "aria-label": t("editor.preview_projector") });
  const projector = createProjector(stage, { code: "PREVIEW", joinUrl: "" });
  projector.setOnline(true);

  // The phone: the same top bar classes as phone.js and the real phase screens inside.
  const teamName = h("span", { class: "bar-team" }, SAMPLE_TEAMS[0].name);
  const phaseLabel = h("span", { class: "bar-phase" });
  const countdown = createCountdown("countdown bar-countdown");
  const bar = h("header", { class: "phone-bar", style: teamStyle(SAMPLE_TEAMS[0].color) },
    h("div", { class: "bar-who" }, teamName, h("span", { class: "bar-name" }, t("editor.preview_player"))),
    h("div", { class: "bar-right" }, phaseLabel, countdown.el));
  const phoneMain = h("main", { class: "phone-main" });
  const phone = h("div", { class: "phone" }, bar, phoneMain);
  const own = createPhoneState();
  const ctx = {
    own,
    send: async () => ({ ok: true }),
    // The draft editor catches up with an empty team document (an empty Yjs update and state vector).
    call: async () => ({ ok: true, update: "AAA=", state_vector: "AA==" }),
    draftKey: () => "preview",
    state: () => shownState,
    connected: () => true,
    resync: () => null,
  };
  let screen = null;
  let screenKey = null;
  let shownState = null; // what the phone screens read while they are built

  const empty = h("p", { class: "hint preview-empty" }, t("editor.preview_empty"));
  // The projector preview at a size that can be read: the large one fills the window.
  const enlarge = h("button", {
    type: "button", class: "btn btn-small preview-enlarge", "aria-pressed": "false",
    onclick: () => {
      const large = container.classList.toggle("is-large");
      enlarge.setAttribute("aria-pressed", large ? "true" : "false");
      setText(enlarge, large ? t("editor.preview_smaller") : t("editor.preview_larger"));
    },
  }, t("editor.preview_larger"));
  fill(container,
    h("div", { class: "preview-head" }, h("h2", null, t("editor.preview")), tabs, enlarge),
    empty,
    h("figure", { class: "preview-frame preview-projector" }, h("div", { class: "preview-screen" }, stage),
      h("figcaption", null, t("editor.preview_projector"))),
    h("figure", { class: "preview-frame" }, h("div", { class: "preview-phone play-page" }, phone),
      h("figcaption", null, t("editor.preview_phone"))));

  function syncTabs() {
    for (const button of tabs.children) button.setAttribute("aria-pressed", button.dataset.phase === phase ? "true" : "false");
  }

  function timerFor(deck, card) {
    const override = card && card.timers ? card.timers[phase] : undefined;
    const deckTimer = deck.timers ? deck.timers[phase] : undefined;
    const seconds = Number.isInteger(override) ? override : Number.isInteger(deckTimer) ? deckTimer : limits.timers[phase];
    return seconds ? { deadline: clock.now() + seconds, paused_remaining: null, server_now: clock.now() } : null;
  }

  function redraw(phaseChanged = false) {
    if (!last) return;
    const { deck, index } = last;
    const cards = deck.cards || [];
    const card = cards[index];
    empty.hidden = !!card;
    if (!card) return;
    setTabs(isPromises(card) ? PROMISE_PHASES : PHASES);
    // A new id on every redraw: the renderers rebuild a card when its id changes.
    revision += 1;
    const shown = isPromises(card) ? null : publicCard(deck, index, limits.default_question);
    if (shown) shown.id = `${shown.id}#${revision}`;
    const perspectives = Array.isArray(card.perspectives) ? card.perspectives : [];
    const promises = isPromises(card) ? samplePromises(card, revision) : null;
    const team = { ...SAMPLE_TEAMS[0], members: [{ id: "p1", name: t("editor.preview_player") }],
      perspective: perspectives.length ? { role: perspectives[0].role || "", text: perspectives[0].text || "" } : null,
      draft: null };
    const timer = timerFor(deck, card);
    const state = {
      session: { phase, title: deck.title || "", card_index: index, card_count: cards.length, card: shown,
        timer, progress: null, teams: SAMPLE_TEAMS, activity: promises ? "promises" : "case", promises },
      screen: { tally: {}, submitted: {}, players: [], step: 0,
        ranking: promises ? promises.items.map((item, i) => ({ id: item.id, dots: 6 - 2 * i })) : null },
      team, me: { player_id: "p1", name: t("editor.preview_player"), ticks: [], vote: null, dots: [] },
    };
    shownState = state;
    projector.render(state);
    setText(phaseLabel, promises ? t(`phase.${phase}`)
      : `${t(`phase.${phase}`)} · ${t("phase.card_of", { n: index + 1, total: cards.length })}`);
    countdown.update(timer);
    const key = `${phase}:${index}`;
    if (phaseChanged || key !== screenKey || !screen) {
      screenKey = key;
      own.newRound();
      own.newScreen();
      screen = (SCREENS[phase] || SCREENS.story)(ctx);
      fill(phoneMain, screen.el);
    }
    screen.update(state, new Set(["session", "team"]));
  }

  return {
    show(deck, index) {
      last = { deck, index };
      redraw();
    },
  };
}
