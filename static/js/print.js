// The print page: the promise wall and the results on A4, black on white.
// Loads /api/sessions/CODE/export.json with the host token of this browser.
//
// Shape used (game/core/export.py export_data; extra fields are ignored):
// {title, code, created_at (ISO 8601), deck_id,
//  teams: [{id, name, color, members: [{id, name}]}],
//  leaderboard: [{team_id, name, color, points, rank}],
//  rounds: [{card_title, options: [{id, label, key, ticks}],
//            drafts: [{team_name, response, promise, we_do, we_dont, votes, points, hidden}]}]}

import { h, fill, $, paragraphs, lines } from "./dom.js";
import { t, tn, lang } from "./i18n.js";
import { loadExport } from "./export_loader.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const code = page.code;
const root = $("#app");

function behaviours(draft) {
  const doList = lines(draft.we_do);
  const dontList = lines(draft.we_dont);
  if (!doList.length && !dontList.length) return null;
  return h("div", { class: "pr-behaviours" },
    doList.length ? h("div", null, h("h5", null, t("entry.we_do")), h("ul", null, doList.map((x) => h("li", null, x)))) : h("div"),
    dontList.length ? h("div", null, h("h5", null, t("entry.we_dont")), h("ul", null, dontList.map((x) => h("li", null, x)))) : null);
}

/** created_at: an ISO 8601 string (what the server sends) or epoch seconds. */
function formatDate(value) {
  const date = typeof value === "number" ? new Date(value * 1000) : typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return typeof value === "string" ? value : "";
  try {
    return date.toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
  } catch (error) {
    return date.toISOString();
  }
}

function render(data) {
  const rounds = Array.isArray(data.rounds) ? data.rounds : [];
  const teams = Array.isArray(data.teams) ? data.teams : [];
  const shown = (round) => (round.drafts || []).filter((d) => !d.hidden);
  document.title = `${data.title || ""} · ${t("print.title")}`;
  fill(root,
    h("div", { class: "pr-toolbar no-print" },
      h("button", { type: "button", class: "btn btn-primary", onclick: () => window.print() }, t("print.print")),
      h("a", { class: "btn", href: `/host/${code}` }, t("print.back"))),
    h("header", { class: "pr-head" },
      h("p", { class: "pr-eyebrow" }, t("print.title")),
      h("h1", null, data.title || ""),
      h("p", { class: "pr-meta" }, [t("print.code", { code: data.code || code }), formatDate(data.created_at),
        tn("print.team_count", teams.length)].filter(Boolean).join(" · "))),

    h("section", { class: "pr-section" },
      h("h2", null, t("print.wall")),
      rounds.map((round) => shown(round).some((d) => d.promise || d.we_do || d.we_dont)
        ? h("div", { class: "pr-round" },
          h("h3", null, round.card_title || ""),
          shown(round).filter((d) => d.promise || d.we_do || d.we_dont).map((d) => h("article", { class: "pr-promise" },
            h("h4", null, d.team_name || ""),
            d.promise ? h("p", { class: "pr-promise-text" }, d.promise) : null,
            behaviours(d))))
        : null)),

    h("section", { class: "pr-section pr-break" },
      h("h2", null, t("leaderboard.final")),
      h("table", { class: "pr-table" },
        h("thead", null, h("tr", null,
          h("th", null, t("print.rank")), h("th", null, t("print.team")), h("th", null, t("print.points")))),
        h("tbody", null, (data.leaderboard || []).map((row) => h("tr", null,
          h("td", null, String(row.rank)), h("td", null, row.name || ""), h("td", null, String(row.points))))))),

    rounds.map((round, i) => h("section", { class: "pr-section pr-break" },
      h("h2", null, t("print.round", { n: i + 1, title: round.card_title || "" })),
      (round.options || []).length ? h("div", null,
        h("h3", null, t("print.tally")),
        h("table", { class: "pr-table" }, h("tbody", null, round.options.map((option) => h("tr", {
          class: option.key ? "is-key" : null,
        }, h("td", null, option.label, option.key ? ` (${t("print.key")})` : ""),
        h("td", { class: "num" }, String(option.ticks))))))) : null,
      h("h3", null, t("print.drafts")),
      (round.drafts || []).map((d) => h("article", { class: "pr-draft" },
        h("h4", null, d.team_name || "", " · ", tn("votes", d.votes || 0), " · ", tn("points", d.points || 0),
          d.hidden ? ` · ${t("print.hidden")}` : ""),
        d.hidden ? null : [
          d.response ? h("div", null, h("h5", null, t("entry.response")), paragraphs(d.response)) : null,
          d.promise ? h("div", null, h("h5", null, t("entry.promise")), h("p", null, d.promise)) : null,
          behaviours(d),
        ])))),

    teams.length ? h("section", { class: "pr-section pr-break" },
      h("h2", null, t("print.teams")),
      teams.map((team) => h("p", { class: "pr-team" },
        h("strong", null, team.name || ""), ": ", (team.members || []).map((m) => m.name).join(", ")))) : null);
}

loadExport(code, root, render);
