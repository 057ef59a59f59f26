// The promises activity on the phone: one screen per phase (collect, group,
// choose, live, commit), each {el, update(state)} like phone_phases.js.
// Collect and live are co-written like a case's draft (draft_editor.js on the
// team's CRDT document); choose spends the player's 3 dots (`dots`).

import { h, fill, setText } from "./dom.js";
import { t, tn, errorText } from "./i18n.js";
import { createDraftEditor } from "./draft_editor.js";
import { paintTeam } from "./render.js";
import { DOTS, PARTS } from "./promise_rules.js";


const promisesOf = (state) => state.session.promises || { items: [], chosen: [], prompts: {} };

function promiseLine(item, extra = null) {
  const li = h("li", { class: "promise-line" },
    h("p", { class: "promise-text" }, item.text),
    item.team_name ? paintTeam(h("span", { class: "chip promise-team" }, item.team_name), item.color) : null,
    extra);
  li.dataset.key = item.id;
  return li;
}

/** A co-writing screen: the team's document for this phase, with the given fields. */
function writingScreen(ctx, { className, title, intro, layout }) {
  const editor = createDraftEditor({ key: ctx.draftKey(), send: ctx.send, call: ctx.call, connected: ctx.connected,
    layout });
  ctx.own.setEditor(editor);
  setTimeout(() => editor.resume(), 0); // catch up with the team's document at once
  const before = h("div", { class: "promises-context" });
  const el = h("section", { class: ["screen", className] }, h("h2", null, title), intro, before, editor.el);
  return {
    el, editor, before,
    onDraftUpdate: (event) => editor.receive(event),
    onDraftPresence: (event) => editor.presence(event),
    resume: () => editor.resume(),
    applyTeam(state) {
      editor.applyTeam(state.team || {});
      editor.refreshStatus();
    },
  };
}

// --- collect -----------------------------------------------------------------------

export function collectScreen(ctx) {
  const promises = promisesOf(ctx.state());
  const intro = h("p", { class: "lead" }, promises.intro || "");
  const screen = writingScreen(ctx, {
    className: "screen-collect", title: promises.title || t("phase.collect"), intro,
    layout: [{ name: "promises", label: t("promises.collect.own_label"), placeholder: t("promises.collect.placeholder"),
      rows: 5 }],
  });
  screen.editor.setHints({ promises: [promises.prompts.collect, t("promises.one_per_line")].filter(Boolean).join(" ") });
  const list = h("ul", { class: "promise-list" });
  fill(screen.before, h("h3", null, t("promises.collect.from_session")), list);
  return {
    ...screen,
    update(state) {
      const items = promisesOf(state).items;
      fill(list, items.length ? items.map((item) => promiseLine(item)) : [h("li", { class: "muted" }, t("promises.collect.none"))]);
      screen.applyTeam(state);
    },
  };
}

// --- group -------------------------------------------------------------------------

function groupedList(items) {
  return items.map((item) => promiseLine(item, item.members.length
    ? h("p", { class: "muted promise-members" }, tn("promises.merged", item.members.length)) : null));
}

export function groupScreen() {
  const list = h("ul", { class: "promise-list" });
  const el = h("section", { class: "screen screen-group" },
    h("h2", null, t("promises.group.title")), h("p", { class: "lead" }, t("promises.group.hint")), list);
  return {
    el,
    update(state) {
      fill(list, groupedList(promisesOf(state).items));
    },
  };
}

// --- choose ------------------------------------------------------------------------

/** The dots a player has on a promise, with − and + (several dots on one promise are allowed). */
function dotRow(item, mine, spend) {
  const count = mine.filter((id) => id === item.id).length;
  const left = DOTS - mine.length;
  const dots = h("span", { class: "dots", "aria-hidden": "true" },
    Array.from({ length: DOTS }, (_, i) => h("span", { class: ["dot", i < count && "is-on"] })));
  return h("li", { class: ["promise-line", "dot-row", count && "has-dots"], dataset: { key: item.id } },
    h("p", { class: "promise-text" }, item.text),
    h("div", { class: "dot-controls" },
      h("button", { type: "button", class: "btn btn-icon dot-less", disabled: count === 0,
        "aria-label": t("promises.dot_less", { text: item.text }), onclick: () => spend(item.id, -1) }, "−"),
      dots,
      h("span", { class: "visually-hidden" }, tn("promises.dots_on", count)),
      h("button", { type: "button", class: "btn btn-icon dot-more", disabled: left === 0,
        "aria-label": t("promises.dot_more", { text: item.text }), onclick: () => spend(item.id, 1) }, "+")));
}

export function chooseScreen(ctx) {
  const left = h("p", { class: "dots-left", "aria-live": "polite" });
  const status = h("p", { class: "save-status", "aria-live": "polite" });
  const list = h("ul", { class: "promise-list dot-list" });
  const el = h("section", { class: "screen screen-choose" },
    h("h2", null, t("promises.choose.title")), h("p", { class: "lead" }, t("promises.choose.hint")), left, list, status);
  let mine = null; // our dots as we last sent or heard them
  let seq = 0;
  let last = null;

  async function spend(promiseId, delta) {
    const next = [...mine];
    if (delta > 0 && next.length < DOTS) next.push(promiseId);
    if (delta < 0) next.splice(next.lastIndexOf(promiseId), 1);
    const previous = mine;
    mine = next;
    render();
    setText(status, t("common.saving"));
    const sent = ++seq;
    const ack = await ctx.send("dots", { promise_ids: next });
    if (sent !== seq) return; // a later tap's answer decides
    if (ack.ok) {
      mine = ack.dots || next;
      setText(status, t("promises.dots_saved"));
    } else {
      mine = previous;
      setText(status, errorText(ack.error));
    }
    render();
  }

  function render() {
    if (!last) return;
    setText(left, tn("promises.dots_left", DOTS - mine.length, { total: DOTS }));
    fill(list, promisesOf(last).items.map((item) => dotRow(item, mine, spend)));
  }

  return {
    el,
    update(state) {
      last = state;
      if (mine === null) mine = [...((state.me && state.me.dots) || [])];
      render();
    },
  };
}

// --- live --------------------------------------------------------------------------

function chosenItems(promises) {
  const byId = Object.fromEntries(promises.items.map((item) => [item.id, item]));
  return promises.chosen.map((id) => byId[id]).filter(Boolean);
}

export function liveScreen(ctx) {
  const promises = promisesOf(ctx.state());
  const layout = [];
  for (const [i, item] of chosenItems(promises).entries()) {
    for (const part of PARTS) {
      layout.push({ name: `${item.id}.${part}`, label: promises.prompts[part] || t(`promises.part.${part}`),
        rows: 2, heading: part === PARTS[0] ? `${i + 1}. ${item.text}` : null });
    }
  }
  const screen = writingScreen(ctx, {
    className: "screen-live", title: t("promises.live.title"), intro: h("p", { class: "lead" }, t("promises.live.hint")),
    layout,
  });
  if (!layout.length) fill(screen.before, h("p", { class: "muted" }, t("promises.none_chosen")));
  return { ...screen, update: (state) => screen.applyTeam(state) };
}

// --- commit (and the charter) ------------------------------------------------------

/** The charter: each chosen promise, its owner and first step, and every team's behaviours. */
export function charterBlocks(charter, ownTeam = null) {
  return charter.map((row, i) => h("article", { class: "charter-promise" },
    h("h3", { class: "charter-text" }, `${i + 1}. ${row.text}`),
    commitmentLine(row.commitment),
    row.teams.map((team) => paintTeam(h("section", { class: ["charter-team", team.team_id === ownTeam && "is-own"] },
      h("p", { class: "charter-team-name" }, team.team_name),
      PARTS.filter((part) => (team[part] || "").trim()).map((part) => h("div", { class: "charter-part" },
        h("p", { class: "eyebrow" }, t(`promises.part.${part}`)),
        h("p", { class: "charter-part-text" }, team[part])))), team.color))));
}

function commitmentLine(commitment) {
  const c = commitment || {};
  const bits = [
    c.owner ? t("promises.owner_is", { owner: c.owner }) : t("promises.no_owner"),
    c.first_step ? t("promises.first_step_is", { step: c.first_step }) : null,
    c.due ? t("promises.due_on", { date: c.due }) : null,
  ].filter(Boolean);
  return h("p", { class: "charter-commitment" }, bits.join(" · "));
}

export function commitScreen() {
  const body = h("div", { class: "charter" });
  const el = h("section", { class: "screen screen-commit" },
    h("h2", null, t("promises.charter.title")), h("p", { class: "lead" }, t("promises.commit.hint")), body);
  let key = null;
  return {
    el,
    update(state) {
      const charter = promisesOf(state).charter || [];
      const k = JSON.stringify([charter, state.team && state.team.id]);
      if (k === key) return;
      key = k;
      fill(body, charter.length ? charterBlocks(charter, state.team && state.team.id)
        : h("p", { class: "muted" }, t("promises.none_chosen")));
    },
  };
}

export const PROMISES_SCREENS = {
  collect: collectScreen, group: groupScreen, choose: chooseScreen, live: liveScreen, commit: commitScreen,
};
