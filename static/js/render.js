// Render helpers shared by the phone, the projector and the presenter: a team's
// colour, a draft entry and the leaderboard are drawn the same way everywhere
// (each page's stylesheet sizes them for its screen).

import { h, teamStyle, paragraphs, lines } from "./dom.js";
import { t, tn } from "./i18n.js";

export const DRAFT_FIELDS = ["response", "promise", "we_do", "we_dont"];

/** Paint an element (and what inherits from it) in a team's colour. */
export function paintTeam(el, color) {
  for (const [name, value] of Object.entries(teamStyle(color))) el.style.setProperty(name, value);
  return el;
}

function behaviourList(kind, text) {
  const items = lines(text);
  if (!items.length) return null;
  return h("div", { class: `entry-block entry-${kind}` },
    h("h4", null, t(`entry.${kind}`)),
    h("ul", { class: kind === "we_do" ? "do-list" : "dont-list" }, items.map((x) => h("li", null, x))));
}

/**
 * A team's draft as blocks: the promise, the response (unless `response` is
 * false) and the two behaviour lists side by side. Player text is only text.
 */
export function entryBlocks(entry, { response = true } = {}) {
  const doList = behaviourList("we_do", entry.we_do);
  const dontList = behaviourList("we_dont", entry.we_dont);
  return [
    entry.promise ? h("div", { class: "entry-block entry-promise" },
      h("h4", null, t("entry.promise")), h("p", null, entry.promise)) : null,
    response && entry.response ? h("div", { class: "entry-block entry-response" },
      h("h4", null, t("entry.response")), paragraphs(entry.response)) : null,
    doList || dontList ? h("div", { class: "entry-behaviours" }, doList, dontList) : null,
  ];
}

/** "3 votes · 75 points" */
export function scoreText(entry) {
  return `${tn("votes", entry.votes)} · ${tn("points", entry.points)}`;
}

/** The leaderboard: rank, team and points per row; `mine` marks a team, `limit` cuts a long list. */
export function leaderboard(rows, { mine = null, limit = Infinity } = {}) {
  const list = rows || [];
  const shown = list.slice(0, limit);
  return h("ol", { class: "leaderboard" },
    shown.map((row) => paintTeam(h("li", {
      class: ["leader-row", `rank-${row.rank}`, row.team_id === mine && "is-mine"],
    }, h("span", { class: "leader-rank" }, String(row.rank)),
    h("span", { class: "leader-name" }, row.name),
    h("span", { class: "leader-points" }, tn("points", row.points))), row.color)),
    list.length > shown.length ? h("li", { class: "leader-more" }, t("common.and_more", { n: list.length - shown.length })) : null);
}
