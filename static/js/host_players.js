// The presenter's player list: who joined, which team, away or done, and the
// moderation of a player (move, rename, remove). Long lists are filtered.

import { h, fill, setText, keyed } from "./dom.js";
import { t, tn } from "./i18n.js";
import { paintTeam } from "./render.js";

const MAX_ROWS = 80;

function renameForm(li, act) {
  const input = h("input", { type: "text", maxlength: 40, class: "hc-rename-input", "aria-label": t("controls.rename") });
  const form = h("form", { class: "hc-rename", hidden: true },
    input,
    h("button", { type: "submit", class: "btn btn-small btn-primary" }, t("common.save")),
    h("button", { type: "button", class: "btn btn-small", onclick: () => { form.hidden = true; } }, t("common.cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await act("host:moderate", { action: "rename", player_id: li.dataset.key, name: input.value.trim() });
    if (ack.ok) form.hidden = true;
  });
  form.open = () => {
    form.hidden = false;
    input.value = li.dataset.name || "";
    input.focus();
    input.select();
  };
  return form;
}

/** Removing asks once, and lets the facilitator say whether the phone may offer "join again". */
function removeConfirm(li, act) {
  const question = h("p", { class: "hc-hint" });
  const remove = (rejoin) => (e) => act("host:moderate", { action: "remove", player_id: li.dataset.key, rejoin }, e.currentTarget);
  const box = h("div", { class: "hc-remove-confirm", hidden: true },
    question,
    h("div", { class: "hc-row" },
      h("button", { type: "button", class: "btn btn-small btn-danger hc-remove-yes", onclick: remove(false) }, t("controls.remove")),
      h("button", { type: "button", class: "btn btn-small hc-remove-rejoin", onclick: remove(true) }, t("controls.remove_rejoin")),
      h("button", { type: "button", class: "btn btn-small", onclick: () => { box.hidden = true; } }, t("common.cancel"))));
  box.open = () => {
    setText(question, t("controls.remove_confirm", { name: li.dataset.name || "" }));
    box.hidden = false;
  };
  return box;
}

function playerRow(act) {
  const select = h("select", { class: "hc-team-select", "aria-label": t("controls.move") });
  const li = h("li", { class: "hc-player" });
  const rename = renameForm(li, act);
  const confirmRemove = removeConfirm(li, act);
  const remove = () => confirmRemove.open();
  fill(li,
    h("div", { class: "hc-player-main" }, h("span", { class: "hc-dot", "aria-hidden": "true" }),
      h("span", { class: "hc-player-name" }), h("span", { class: "hc-player-flags" })),
    h("div", { class: "hc-player-actions" },
      select,
      h("button", { type: "button", class: "btn btn-small", onclick: () => rename.open() }, t("controls.rename")),
      h("button", { type: "button", class: "btn btn-small btn-danger-quiet hc-remove", onclick: remove }, t("controls.remove"))),
    rename, confirmRemove);
  select.addEventListener("change", async () => {
    const ack = await act("host:moderate", { action: "move", player_id: li.dataset.key, team_id: select.value }, select);
    if (!ack.ok) select.value = li.dataset.team;
  });
  return li;
}

function updateRow(li, p, teams, teamById) {
  li.dataset.name = p.name;
  li.dataset.team = p.team_id;
  const team = teamById.get(p.team_id);
  paintTeam(li, team && team.color);
  setText(li.querySelector(".hc-player-name"), p.name);
  setText(li.querySelector(".hc-player-flags"), [p.away ? t("controls.away") : "", p.done ? "✓" : ""].filter(Boolean).join(" "));
  li.classList.toggle("is-away", !!p.away);
  const select = li.querySelector("select");
  const teamsKey = JSON.stringify(teams.map((x) => [x.id, x.name]));
  if (select.dataset.teams !== teamsKey) {
    select.dataset.teams = teamsKey;
    fill(select, teams.map((x) => h("option", { value: x.id }, x.name)));
  }
  if (document.activeElement !== select) select.value = p.team_id;
}

/** The room: lock it (nobody new joins), or sweep out everyone who joined in the last minutes (bots). */
function createRoomControls({ act, say }) {
  const lockButton = h("button", {
    type: "button", class: "btn btn-small hc-lock",
    onclick: (e) => act("host:control", { action: lockButton.dataset.locked === "true" ? "unlock" : "lock" },
      e.currentTarget),
  }, t("controls.lock"));
  const minutes = h("input", {
    type: "number", min: 1, max: 120, value: 5, class: "hc-recent-minutes", "aria-label": t("controls.recent_minutes"),
  });
  const removeRecent = h("button", {
    type: "button", class: "btn btn-small btn-danger hc-remove-recent",
    onclick: async (e) => {
      const n = Math.round(Number(minutes.value)) || 5;
      if (!confirm(t("controls.remove_recent_confirm", { n }))) return;
      const ack = await act("host:moderate", { action: "remove_recent", minutes: n }, e.currentTarget);
      if (ack.ok) say(tn("controls.removed_recent", ack.removed), "ok");
    },
  }, t("controls.remove_recent"));
  function render(state) {
    const locked = Boolean(state.host && state.host.locked);
    lockButton.dataset.locked = String(locked);
    lockButton.setAttribute("aria-pressed", String(locked));
    setText(lockButton, locked ? t("controls.unlock") : t("controls.lock"));
  }
  return { el: [h("div", { class: "hc-row" }, lockButton), h("div", { class: "hc-row hc-room" }, minutes, removeRecent)],
    render };
}

/** createPlayers({act, say}) -> {el, render(state)} */
export function createPlayers({ act, say }) {
  const room = createRoomControls({ act, say });
  const filter = h("input", {
    type: "search", class: "hc-filter", placeholder: t("controls.filter"), "aria-label": t("controls.filter"),
  });
  const count = h("p", { class: "hc-hint" });
  const list = h("ul", { class: "hc-players" });
  let last = null;

  function render(state) {
    last = state;
    room.render(state);
    const all = (state.host && state.host.players) || [];
    const teams = state.session.teams || [];
    const teamById = new Map(teams.map((team) => [team.id, team]));
    const query = filter.value.trim().toLocaleLowerCase();
    const matching = query ? all.filter((p) => p.name.toLocaleLowerCase().includes(query)) : all;
    const shown = matching.slice(0, MAX_ROWS);
    const away = all.filter((p) => p.away).length;
    setText(count, [tn("controls.player_count", all.length), away ? t("controls.away_count", { n: away }) : "",
      matching.length > shown.length ? t("controls.showing", { n: shown.length }) : ""].filter(Boolean).join(" · "));
    keyed(list, shown, (p) => p.id, () => playerRow(act), (li, p) => updateRow(li, p, teams, teamById));
  }
  filter.addEventListener("input", () => last && render(last));

  return { el: [...room.el, filter, count, list], render };
}
