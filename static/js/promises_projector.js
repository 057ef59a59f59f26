// The promises activity on the projector: the room's list while promises are
// collected and grouped, the live dot ranking, the chosen promises while teams
// write their behaviours, and the charter one promise at a time (steps, like the
// reveal). Only the session and screen sections are read (the room may see them).

import { h, fill, setText, keyed } from "./dom.js";
import { t, tn } from "./i18n.js";
import { paintTeam } from "./render.js";
import { fit, keepFitted } from "./projector_fit.js";
import { PARTS } from "./promise_rules.js";

// What fits the back row at once; the phones (and the presenter) have the whole list.
const LIST_MAX = 12;
const RANKING_MAX = 8;

const promisesOf = (state) => state.session.promises || { items: [], chosen: [], prompts: {} };

function promiseCards(items) {
  const shown = items.slice(0, LIST_MAX);
  const grid = h("div", { class: "p-promise-grid fit-box" },
    shown.map((item) => paintTeam(h("article", { class: "p-card p-promise fit-card" },
      h("p", { class: "p-promise-text" }, item.text),
      item.members && item.members.length ? h("p", { class: "p-promise-merged" }, tn("promises.merged", item.members.length))
        : null), item.color)));
  grid.style.setProperty("--cols", String(shown.length <= 4 ? Math.max(1, Math.min(2, shown.length)) : 3));
  keepFitted(grid, () => fit(grid, { max: 1.1 }));
  return [grid, items.length > shown.length
    ? h("p", { class: "p-note" }, t("common.and_more", { n: items.length - shown.length })) : null];
}

function listScreen(className, titleOf, noteOf) {
  const title = h("h2", { class: "p-question" });
  const body = h("div", { class: "p-promise-body" });
  const note = h("p", { class: "p-note" });
  const el = h("div", { class: className }, title, body, note);
  let key = null;
  return {
    el,
    update(state) {
      const promises = promisesOf(state);
      const k = JSON.stringify(promises.items);
      setText(title, titleOf(promises));
      setText(note, noteOf(promises));
      if (k === key) return;
      key = k;
      fill(body, promises.items.length ? promiseCards(promises.items) : h("p", { class: "p-empty" }, t("promises.collect.none")));
    },
  };
}

export function collect() {
  const screen = listScreen("p-collect", (p) => p.title || t("phase.collect"), () => t("projector.promises.collect_note"));
  const intro = h("p", { class: "p-intro" });
  screen.el.insertBefore(intro, screen.el.children[1]);
  return {
    el: screen.el,
    update(state) {
      setText(intro, promisesOf(state).intro || "");
      screen.update(state);
    },
  };
}

export function group() {
  return listScreen("p-group", () => t("promises.group.title"), () => t("projector.promises.group_note"));
}

function rankRow() {
  return h("div", { class: "p-bar-row" },
    h("span", { class: "p-bar-label" }),
    h("span", { class: "p-bar-track" }, h("span", { class: "p-bar-fill" })),
    h("span", { class: "p-bar-count" }));
}

export function choose() {
  const bars = h("div", { class: "p-bars p-ranking" });
  const progress = h("p", { class: "p-progress" });
  const more = h("p", { class: "p-note" });
  const el = h("div", { class: "p-choose" }, h("h2", { class: "p-question" }, t("promises.choose.title")), bars, more,
    progress);
  return {
    el,
    update(state) {
      const texts = Object.fromEntries(promisesOf(state).items.map((item) => [item.id, item.text]));
      const ranking = ((state.screen && state.screen.ranking) || []).filter((row) => texts[row.id]);
      const shown = ranking.slice(0, RANKING_MAX);
      const max = Math.max(1, ...shown.map((row) => row.dots));
      keyed(bars, shown, (row) => row.id, rankRow, (row, item) => {
        setText(row.children[0], texts[item.id]);
        row.querySelector(".p-bar-fill").style.width = `${(100 * item.dots) / max}%`;
        setText(row.children[2], String(item.dots));
      });
      setText(more, ranking.length > shown.length ? t("common.and_more", { n: ranking.length - shown.length }) : "");
      const p = state.session.progress;
      setText(progress, p ? t("projector.promises.dots_progress", { done: p.done, total: p.total }) : "");
    },
  };
}

export function live() {
  const list = h("ol", { class: "p-chosen fit-box" });
  const el = h("div", { class: "p-live" }, h("h2", { class: "p-question" }, t("promises.live.title")),
    h("p", { class: "p-intro" }, t("projector.promises.live_note")), list);
  let key = null;
  return {
    el,
    update(state) {
      const promises = promisesOf(state);
      const byId = Object.fromEntries(promises.items.map((item) => [item.id, item]));
      const chosen = promises.chosen.map((id) => byId[id]).filter(Boolean);
      const k = JSON.stringify(chosen);
      if (k === key) return;
      key = k;
      fill(list, chosen.map((item) => h("li", { class: "p-chosen-item fit-card" }, item.text)));
      keepFitted(list, () => fit(list, { max: 1.2 }));
    },
  };
}

// --- the charter, a step at a time ---------------------------------------------------

function commitmentText(commitment) {
  const c = commitment || {};
  return [c.owner ? t("promises.owner_is", { owner: c.owner }) : null,
    c.first_step ? t("promises.first_step_is", { step: c.first_step }) : null,
    c.due ? t("promises.due_on", { date: c.due }) : null].filter(Boolean).join(" · ");
}

export function charterStep(step) {
  if (step.kind === "charter") {
    const list = h("ol", { class: "p-chosen p-charter fit-box" }, step.charter.map((row) => h("li", { class: "p-chosen-item fit-card" },
      h("span", null, row.text), h("span", { class: "p-commitment" }, commitmentText(row.commitment)))));
    keepFitted(list, () => fit(list, { max: 1.2 }));
    return list;
  }
  const row = step.row;
  const box = h("div", { class: "p-charter-promise fit-box" },
    h("p", { class: "p-charter-text" }, row.text),
    h("p", { class: "p-commitment" }, commitmentText(row.commitment)),
    h("div", { class: "p-charter-teams" }, row.teams.map((team) => paintTeam(h("article", { class: "p-card fit-card" },
      h("p", { class: "p-team-name" }, team.team_name),
      PARTS.filter((part) => (team[part] || "").trim()).map((part) => h("div", { class: "p-charter-part" },
        h("h3", null, t(`promises.part.${part}`)), h("p", null, team[part])))), team.color))));
  keepFitted(box, () => fit(box, { max: 1.2 }));
  return box;
}

export function charterTitle(step) {
  return step.kind === "charter" ? t("promises.charter.title") : t("projector.promises.promise_n", { n: step.n, of: step.of });
}

export const PROMISES_PHASES = { collect, group, choose, live };
