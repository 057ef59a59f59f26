// The presenter's view of the teams' work: each draft with its team, whether it
// is submitted or hidden (and the button to hide it), and the votes so far.
// This is facilitator knowledge: it never reaches the projector page.

import { h, fill, setText, keyed } from "./dom.js";
import { t, tn } from "./i18n.js";
import { entryBlocks, paintTeam, DRAFT_FIELDS } from "./render.js";

function draftBox(act) {
  const hide = h("button", { type: "button", class: "btn btn-small hc-hide-draft" });
  const box = h("div", { class: "hc-draft" },
    h("div", { class: "hc-draft-head" },
      h("span", { class: "hc-dot", "aria-hidden": "true" }), h("span", { class: "hc-draft-name" }),
      h("span", { class: "hc-draft-state" }), hide),
    h("details", null, h("summary", null, t("controls.show_text")), h("div", { class: "hc-draft-text" })));
  hide.addEventListener("click", (e) => {
    const hidden = box.dataset.hidden === "true";
    if (!hidden && !confirm(t("controls.hide_confirm"))) return;
    act("host:moderate", { action: hidden ? "unhide" : "hide", team_id: box.dataset.key }, e.currentTarget);
  });
  return box;
}

function updateDraft(box, team, d, phase) {
  box.dataset.hidden = d.hidden ? "true" : "false";
  paintTeam(box, team.color);
  setText(box.querySelector(".hc-draft-name"), team.name);
  // Once the writing is over a draft that was never handed in is on the ballot as it stood: not "writing".
  const open = phase === "draft" ? t("controls.not_submitted") : t("controls.not_handed_in");
  setText(box.querySelector(".hc-draft-state"), [d.submitted ? t("controls.submitted") : open,
    d.hidden ? t("controls.hidden") : ""].filter(Boolean).join(" · "));
  setText(box.querySelector(".hc-hide-draft"), d.hidden ? t("controls.unhide") : t("controls.hide_draft"));
  box.classList.toggle("is-hidden", !!d.hidden);
  const text = box.querySelector(".hc-draft-text");
  const key = JSON.stringify(DRAFT_FIELDS.map((f) => d[f]));
  if (text.dataset.v !== key) {
    text.dataset.v = key;
    fill(text, entryBlocks(d));
  }
}

/** createDrafts({act}) -> {drafts: {el, render}, votes: {el, render}} */
export function createDrafts({ act }) {
  const drafts = h("div", { class: "hc-drafts" });
  const votes = h("div", { class: "hc-votes" });

  function renderDrafts(state) {
    const all = (state.host && state.host.drafts) || {};
    const teams = (state.session.teams || []).filter((team) => all[team.id]);
    keyed(drafts, teams, (team) => team.id, () => draftBox(act), (box, team) => updateDraft(box, team, all[team.id], state.session.phase));
    return ["draft", "vote", "reveal"].includes(state.session.phase) && teams.length > 0;
  }

  function renderVotes(state) {
    const host = state.host || {};
    const entries = host.entries || {};
    const teamById = new Map((state.session.teams || []).map((team) => [team.id, team]));
    const ids = Object.keys(entries).sort();
    fill(votes, h("ul", { class: "hc-vote-list" }, ids.map((id) => {
      const team = teamById.get(entries[id]);
      return paintTeam(h("li", null,
        h("span", { class: "hc-letter" }, id),
        h("span", { class: "hc-vote-team" }, team ? team.name : ""),
        h("span", { class: "hc-vote-n" }, tn("votes", (host.votes || {})[id] || 0))), team && team.color);
    })));
    return ["vote", "reveal"].includes(state.session.phase) && ids.length > 0;
  }

  return { drafts: { el: drafts, render: renderDrafts }, votes: { el: votes, render: renderVotes } };
}
