// The facilitator's work on the promises activity: see the teams' new promises
// (collect), merge duplicates, reword or hide a promise (group), confirm the
// charter's 3 to 5 promises from the live ranking and break ties (choose), read
// every team's behaviours (live), and give each promise an owner and a first
// step with a date (commit). Every change is `host:promises` (docs/protocol.md).
// In the projector-safe mode the teams' texts in progress are left out: the room
// may see this panel.

import { h, fill, setText } from "./dom.js";
import { t, tn } from "./i18n.js";
import { paintTeam } from "./render.js";
import { CHOSEN_MAX, CHOSEN_MIN, PARTS } from "./promise_rules.js";

const teamsById = (state) => new Map((state.session.teams || []).map((team) => [team.id, team]));

function teamTexts(state, texts, render) {
  const teams = teamsById(state);
  return Object.entries(texts).map(([teamId, value]) => {
    const team = teams.get(teamId) || {};
    return paintTeam(h("div", { class: "hc-draft" },
      h("p", { class: "hc-draft-name" }, team.name || teamId), render(value)), team.color);
  });
}

function collectPart(state, presenter) {
  const board = state.host.promises;
  if (!presenter) return h("p", { class: "hc-hint" }, t("controls.promises.collect_safe"));
  return [h("p", { class: "hc-hint" }, t("controls.promises.collect_hint")),
    teamTexts(state, board.additions, (text) => h("p", { class: "hc-pre" }, text || t("controls.promises.nothing_yet")))];
}

function groupRow(item, roots, act) {
  const others = roots.filter((other) => other.id !== item.id);
  const merge = h("select", { class: "hc-merge", "aria-label": t("controls.promises.merge_into", { text: item.text }) },
    h("option", { value: "" }, t("controls.promises.merge_pick")),
    others.map((other) => h("option", { value: other.id }, other.text)));
  merge.addEventListener("change", (e) => {
    if (merge.value) act("host:promises", { action: "merge", promise_id: item.id, into: merge.value }, e.currentTarget);
  });
  const reword = h("button", { type: "button", class: "btn btn-small", onclick: (e) => {
    const text = prompt(t("controls.promises.reword_prompt"), item.text);
    if (text !== null && text.trim() && text !== item.text) {
      act("host:promises", { action: "reword", promise_id: item.id, text }, e.currentTarget);
    }
  } }, t("controls.promises.reword"));
  const hide = h("button", { type: "button", class: "btn btn-small", onclick: (e) => act("host:promises",
    { action: item.hidden ? "unhide" : "hide", promise_id: item.id }, e.currentTarget) },
  item.hidden ? t("controls.unhide") : t("controls.promises.hide"));
  const members = item.members.map((member) => h("li", { class: "hc-member" }, member.text,
    h("button", { type: "button", class: "btn btn-small", onclick: (e) => act("host:promises",
      { action: "split", promise_id: member.id }, e.currentTarget) }, t("controls.promises.split"))));
  return h("li", { class: ["hc-promise", item.hidden && "is-hidden"], dataset: { key: item.id } },
    h("p", { class: "hc-promise-text" }, item.text),
    h("div", { class: "hc-row" }, item.hidden ? null : merge, item.hidden ? null : reword, hide),
    members.length ? h("ul", { class: "hc-members" }, members) : null);
}

function groupPart(state, act) {
  const all = state.host.promises.items;
  const roots = all.filter((item) => !item.merged_into).map((item) => ({
    ...item, members: all.filter((other) => other.merged_into === item.id),
  }));
  const visible = roots.filter((item) => !item.hidden);
  return [h("p", { class: "hc-hint" }, t("controls.promises.group_hint", { n: visible.length })),
    h("ul", { class: "hc-promises" }, roots.map((item) => groupRow(item, visible, act)))];
}

function choosePart(state, act, picks) {
  const items = (state.session.promises && state.session.promises.items) || [];
  const texts = Object.fromEntries(items.map((item) => [item.id, item.text]));
  const ranking = ((state.screen && state.screen.ranking) || items.map((item) => ({ id: item.id, dots: 0 })))
    .filter((row) => texts[row.id]);
  const confirmed = state.session.promises.chosen || [];
  // The facilitator's ticks survive the ranking's updates; until the first tick, the top 3 (or the confirmed ones).
  const picked = picks.ids || new Set(confirmed.length ? confirmed : ranking.slice(0, CHOSEN_MIN).map((row) => row.id));
  const boxes = ranking.map((row) => {
    const box = h("input", { type: "checkbox", value: row.id, checked: picked.has(row.id), onchange: () => {
      picks.ids = new Set(picked);
      if (box.checked) picks.ids.add(row.id);
      else picks.ids.delete(row.id);
    } });
    return h("li", { class: "hc-rank" }, h("label", null, box, ` ${texts[row.id]} `,
      h("span", { class: "hc-vote-n" }, tn("controls.promises.dots", row.dots))));
  });
  const note = h("p", { class: "hc-hint" });
  const confirm = h("button", { type: "button", class: "btn btn-primary", onclick: (e) => {
    const ids = boxes.map((li) => li.querySelector("input")).filter((box) => box.checked).map((box) => box.value);
    act("host:promises", { action: "choose", promise_ids: ids }, e.currentTarget);
  } }, t("controls.promises.confirm"));
  setText(note, confirmed.length ? t("controls.promises.confirmed", { n: confirmed.length })
    : t("controls.promises.choose_hint", { low: Math.min(CHOSEN_MIN, ranking.length), high: CHOSEN_MAX }));
  return [note, h("ol", { class: "hc-ranking" }, boxes), confirm];
}

function livePart(state, presenter) {
  const board = state.host.promises;
  const items = Object.fromEntries(board.items.map((item) => [item.id, item.text]));
  if (!presenter) return h("p", { class: "hc-hint" }, t("controls.promises.live_safe"));
  return teamTexts(state, board.behaviours, (perPromise) => h("div", null, Object.entries(perPromise).map(([id, parts]) =>
    h("div", { class: "hc-behaviour" }, h("p", { class: "hc-promise-text" }, items[id] || id),
      PARTS.filter((part) => (parts[part] || "").trim()).map((part) => h("p", { class: "hc-pre" },
        `${t(`promises.part.${part}`)}: ${parts[part]}`))))));
}

function commitForm(row, act) {
  const c = row.commitment || {};
  const owner = h("input", { type: "text", maxlength: 60, value: c.owner || "", "aria-label": t("controls.promises.owner") });
  const step = h("input", { type: "text", maxlength: 300, value: c.first_step || "",
    "aria-label": t("controls.promises.first_step") });
  const due = h("input", { type: "date", value: c.due || "", "aria-label": t("controls.promises.due") });
  const form = h("form", { class: "hc-commit", dataset: { key: row.id } },
    h("p", { class: "hc-promise-text" }, row.text),
    h("label", null, t("controls.promises.owner"), owner),
    h("label", null, t("controls.promises.first_step"), step),
    h("label", null, t("controls.promises.due"), due),
    h("button", { type: "submit", class: "btn btn-small" }, t("controls.promises.save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act("host:promises", { action: "commit", promise_id: row.id, owner: owner.value, first_step: step.value,
      due: due.value }, form.querySelector("button"));
  });
  return form;
}

/** createPromiseBoard({act, presenter}) -> {el, render(state) -> whether it has anything to show} */
export function createPromiseBoard({ act, presenter }) {
  const el = h("div", { class: "hc-promise-board" });
  let key = null;
  const picks = { ids: null }; // the facilitator's choice in progress (choose)
  return {
    el,
    render(state) {
      const phase = state.session.phase;
      const board = state.host && state.host.promises;
      if (!board || !["collect", "group", "choose", "live", "commit"].includes(phase)) return false;
      // Rebuilt only when what it shows changed: a half-typed owner or an open select survives other updates.
      const k = JSON.stringify([phase, board, state.session.promises, phase === "choose" && state.screen && state.screen.ranking]);
      const focus = document.activeElement;
      const typing = el.contains(focus) && (focus.tagName === "SELECT" || (focus.tagName === "INPUT" && focus.type !== "checkbox"));
      if (k === key || typing) return true;
      key = k;
      if (phase !== "choose") picks.ids = null;
      if (phase === "collect") fill(el, collectPart(state, presenter));
      if (phase === "group") fill(el, groupPart(state, act));
      if (phase === "choose") fill(el, choosePart(state, act, picks));
      if (phase === "live") fill(el, livePart(state, presenter));
      if (phase === "commit") fill(el, (state.session.promises.charter || []).map((row) => commitForm(row, act)));
      return true;
    },
  };
}
