// The facilitator's panel: pace (start, next, pause, +1 min, skip, end),
// the card's notes, moderation of players and drafts, exports and the remote
// link. It sits beside the stage and can be hidden while projecting ("h").

import { h, fill, setText, teamStyle, keyed } from "./dom.js";
import { t, tn, errorText, progressText } from "./i18n.js";
import { createCountdown } from "./timer.js";
import { downloadWithToken } from "./net.js";

const MAX_ROWS = 80;
const ROUND_PHASES = ["story", "diagnose", "draft", "vote", "reveal"];
const NEXT = { lobby: "story", story: "diagnose", diagnose: "draft", draft: "vote", vote: "reveal" };

function section(titleKey, ...children) {
  return h("section", { class: "hc-section" }, h("h2", { class: "hc-title" }, t(titleKey)), ...children);
}

/** createControls(panel, {code, token, send}) -> {render(state), setStatus(status)} */
export function createControls(panel, { code, token, send }) {
  const toast = h("p", { class: "hc-toast", role: "status", "aria-live": "polite", hidden: true });
  let toastTimer = null;
  function say(text, kind = "error") {
    clearTimeout(toastTimer);
    setText(toast, text);
    toast.dataset.kind = kind;
    toast.hidden = !text;
    toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
  }

  async function act(event, payload, busyButton = null) {
    if (busyButton) busyButton.disabled = true;
    const ack = await send(event, payload);
    if (busyButton) busyButton.disabled = false;
    if (!ack.ok) say(errorText(ack.error));
    return ack;
  }
  const control = (action, extra = {}) => (e) => act("host:control", { action, ...extra }, e.currentTarget);

  // --- status and pace ----------------------------------------------------------
  const connection = h("span", { class: "hc-conn" });
  const status = h("p", { class: "hc-status" });
  const countdown = createCountdown("countdown hc-countdown");
  const hideButton = h("button", { type: "button", class: "btn btn-small hc-hide", "aria-keyshortcuts": "h" },
    t("controls.hide"));
  const buttons = {
    start: h("button", { type: "button", class: "btn btn-primary", onclick: control("start") }, t("controls.start")),
    next: h("button", { type: "button", class: "btn btn-primary", onclick: control("next") }, t("controls.next")),
    pause: h("button", { type: "button", class: "btn", onclick: control("pause") }, t("controls.pause")),
    resume: h("button", { type: "button", class: "btn", onclick: control("resume") }, t("controls.resume")),
    extend: h("button", { type: "button", class: "btn", onclick: control("extend", { seconds: 60 }) }, t("controls.extend")),
    skip: h("button", {
      type: "button", class: "btn",
      onclick: (e) => { if (confirm(t("controls.skip_confirm"))) control("skip")(e); },
    }, t("controls.skip")),
    end: h("button", {
      type: "button", class: "btn btn-danger",
      onclick: (e) => { if (confirm(t("controls.end_confirm"))) control("end")(e); },
    }, t("controls.end")),
  };
  const startHint = h("p", { class: "hc-hint" });
  const progress = h("p", { class: "hc-progress" });

  // --- notes, votes, drafts ---------------------------------------------------------
  const notes = h("div", { class: "hc-notes" });
  const votes = h("div", { class: "hc-votes" });
  const drafts = h("div", { class: "hc-drafts" });
  const notesSection = section("controls.notes", notes);
  const votesSection = section("controls.votes", votes);
  const draftsSection = section("controls.drafts", drafts);

  // --- players ---------------------------------------------------------------------
  const filter = h("input", {
    type: "search", class: "hc-filter", placeholder: t("controls.filter"), "aria-label": t("controls.filter"),
  });
  const playerCount = h("p", { class: "hc-hint" });
  const players = h("ul", { class: "hc-players" });
  // The room: lock it (nobody new joins), or sweep out everyone who joined in the last minutes (bots).
  const lockButton = h("button", {
    type: "button", class: "btn btn-small hc-lock",
    onclick: (e) => act("host:control", { action: lockButton.dataset.locked === "true" ? "unlock" : "lock" }, e.currentTarget),
  }, t("controls.lock"));
  const recentMinutes = h("input", {
    type: "number", min: 1, max: 120, value: 5, class: "hc-recent-minutes", "aria-label": t("controls.recent_minutes"),
  });
  const removeRecent = h("button", {
    type: "button", class: "btn btn-small btn-danger hc-remove-recent",
    onclick: async (e) => {
      const minutes = Math.round(Number(recentMinutes.value)) || 5;
      if (!confirm(t("controls.remove_recent_confirm", { n: minutes }))) return;
      const ack = await act("host:moderate", { action: "remove_recent", minutes }, e.currentTarget);
      if (ack.ok) say(tn("controls.removed_recent", ack.removed), "ok");
    },
  }, t("controls.remove_recent"));
  const playersSection = section("controls.players", h("div", { class: "hc-row" }, lockButton),
    h("div", { class: "hc-row hc-room" }, recentMinutes, removeRecent), filter, playerCount, players);

  // --- export and links -----------------------------------------------------------
  const exportStatus = h("p", { class: "hc-hint", "aria-live": "polite" });
  async function exportFile(ext, button) {
    button.disabled = true;
    setText(exportStatus, t("common.loading"));
    const result = await downloadWithToken(`/api/sessions/${code}/export.${ext}`, token, `cxgame-${code}.${ext}`);
    button.disabled = false;
    setText(exportStatus, result.ok ? "" : errorText(result.error));
  }
  const remoteUrl = `${location.origin}/host/${code}#token=${encodeURIComponent(token)}`;
  const remoteBox = h("div", { class: "hc-remote", hidden: true },
    h("p", { class: "hc-hint" }, t("controls.remote_hint")),
    h("input", { type: "text", readonly: true, value: remoteUrl, class: "hc-remote-url", "aria-label": t("controls.remote") }),
    h("button", {
      type: "button", class: "btn btn-small",
      onclick: async (e) => {
        const input = remoteBox.querySelector("input");
        input.select();
        let copied = false;
        try {
          await navigator.clipboard.writeText(remoteUrl);
          copied = true;
        } catch (error) {
          try { copied = document.execCommand("copy"); } catch (err) { copied = false; }
        }
        setText(e.currentTarget, copied ? t("controls.copied") : t("controls.copy_manually"));
      },
    }, t("controls.copy")));
  const remoteToggle = h("button", {
    type: "button", class: "btn btn-small",
    onclick: () => {
      remoteBox.hidden = !remoteBox.hidden;
      setText(remoteToggle, remoteBox.hidden ? t("controls.remote_show") : t("controls.remote_hide"));
    },
  }, t("controls.remote_show"));
  // Opened by the owner's sign-in rather than a token: there is no token to put in a remote link.
  remoteToggle.hidden = !token;
  const remoteMissing = h("p", { class: "hc-hint", hidden: Boolean(token) }, t("controls.remote_unavailable"));
  const exportsSection = section("controls.export",
    h("div", { class: "hc-row" },
      h("button", { type: "button", class: "btn btn-small", onclick: (e) => exportFile("md", e.currentTarget) }, t("controls.export_md")),
      h("button", { type: "button", class: "btn btn-small", onclick: (e) => exportFile("csv", e.currentTarget) }, t("controls.export_csv")),
      h("a", { class: "btn btn-small", href: `/host/${code}/print`, target: "_blank", rel: "noopener" }, t("controls.print"))),
    exportStatus,
    h("div", { class: "hc-row" }, remoteToggle,
      h("button", {
        type: "button", class: "btn btn-small",
        onclick: () => {
          if (document.fullscreenElement) document.exitFullscreen();
          else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
        },
      }, t("controls.fullscreen"))),
    remoteMissing,
    remoteBox);

  fill(panel,
    h("header", { class: "hc-head" },
      h("div", null, h("p", { class: "hc-brand" }, t("controls.title"), " ", connection), status),
      h("div", { class: "hc-head-right" }, countdown.el, hideButton)),
    toast,
    h("section", { class: "hc-section hc-pace" },
      h("div", { class: "hc-row hc-main" }, buttons.start, buttons.next),
      startHint,
      h("div", { class: "hc-row hc-timer-row" }, buttons.pause, buttons.resume, buttons.extend),
      h("div", { class: "hc-row" }, buttons.skip, buttons.end),
      progress),
    notesSection, votesSection, draftsSection, playersSection, exportsSection,
    h("p", { class: "hc-hint hc-keys" }, t("controls.keys")));

  let lastState = null;
  filter.addEventListener("input", () => lastState && renderPlayers(lastState));

  // --- players ---------------------------------------------------------------------
  function playerRow() {
    const name = h("span", { class: "hc-player-name" });
    const flags = h("span", { class: "hc-player-flags" });
    const select = h("select", { class: "hc-team-select", "aria-label": t("controls.move") });
    const renameInput = h("input", { type: "text", maxlength: 40, class: "hc-rename-input", "aria-label": t("controls.rename") });
    const renameForm = h("form", { class: "hc-rename", hidden: true },
      renameInput,
      h("button", { type: "submit", class: "btn btn-small btn-primary" }, t("common.save")),
      h("button", { type: "button", class: "btn btn-small", onclick: () => { renameForm.hidden = true; } }, t("common.cancel")));
    const li = h("li", { class: "hc-player" },
      h("div", { class: "hc-player-main" }, h("span", { class: "hc-dot", "aria-hidden": "true" }), name, flags),
      h("div", { class: "hc-player-actions" },
        select,
        h("button", {
          type: "button", class: "btn btn-small",
          onclick: () => {
            renameForm.hidden = false;
            renameInput.value = li.dataset.name || "";
            renameInput.focus();
            renameInput.select();
          },
        }, t("controls.rename")),
        h("button", {
          type: "button", class: "btn btn-small btn-danger-quiet",
          onclick: (e) => {
            if (confirm(t("controls.remove_confirm", { name: li.dataset.name || "" }))) {
              act("host:moderate", { action: "remove", player_id: li.dataset.key }, e.currentTarget);
            }
          },
        }, t("controls.remove"))),
      renameForm);
    select.addEventListener("change", async () => {
      const ack = await act("host:moderate", { action: "move", player_id: li.dataset.key, team_id: select.value }, select);
      if (!ack.ok) select.value = li.dataset.team;
    });
    renameForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const ack = await act("host:moderate", { action: "rename", player_id: li.dataset.key, name: renameInput.value.trim() });
      if (ack.ok) renameForm.hidden = true;
    });
    return li;
  }

  function renderPlayers(state) {
    const all = (state.host && state.host.players) || [];
    const locked = Boolean(state.host && state.host.locked);
    lockButton.dataset.locked = String(locked);
    lockButton.setAttribute("aria-pressed", String(locked));
    setText(lockButton, locked ? t("controls.unlock") : t("controls.lock"));
    const teams = state.session.teams || [];
    const teamById = new Map(teams.map((team) => [team.id, team]));
    const query = filter.value.trim().toLocaleLowerCase();
    const matching = query ? all.filter((p) => p.name.toLocaleLowerCase().includes(query)) : all;
    const shown = matching.slice(0, MAX_ROWS);
    const away = all.filter((p) => p.away).length;
    setText(playerCount, [tn("controls.player_count", all.length), away ? t("controls.away_count", { n: away }) : "",
      matching.length > shown.length ? t("controls.showing", { n: shown.length }) : ""].filter(Boolean).join(" · "));
    const teamsKey = JSON.stringify(teams.map((team) => [team.id, team.name]));
    keyed(players, shown, (p) => p.id, playerRow, (li, p) => {
      li.dataset.name = p.name;
      li.dataset.team = p.team_id;
      const team = teamById.get(p.team_id);
      Object.entries(teamStyle(team && team.color)).forEach(([k, v]) => li.style.setProperty(k, v));
      setText(li.querySelector(".hc-player-name"), p.name);
      setText(li.querySelector(".hc-player-flags"), [p.away ? t("controls.away") : "", p.done ? "✓" : ""].filter(Boolean).join(" "));
      li.classList.toggle("is-away", !!p.away);
      const select = li.querySelector("select");
      if (select.dataset.teams !== teamsKey) {
        select.dataset.teams = teamsKey;
        fill(select, teams.map((team) => h("option", { value: team.id }, team.name)));
      }
      if (document.activeElement !== select) select.value = p.team_id;
    });
  }

  // --- drafts and votes -------------------------------------------------------------
  function renderDrafts(state) {
    const host = state.host || {};
    const phase = state.session.phase;
    const all = host.drafts || {};
    const teams = (state.session.teams || []).filter((team) => all[team.id]);
    draftsSection.hidden = !["draft", "vote", "reveal"].includes(phase) || !teams.length;
    keyed(drafts, teams, (team) => team.id, () => {
      const box = h("div", { class: "hc-draft" },
        h("div", { class: "hc-draft-head" },
          h("span", { class: "hc-dot", "aria-hidden": "true" }), h("span", { class: "hc-draft-name" }),
          h("span", { class: "hc-draft-state" }),
          h("button", { type: "button", class: "btn btn-small hc-hide-draft" })),
        h("details", null, h("summary", null, t("controls.show_text")), h("div", { class: "hc-draft-text" })));
      box.querySelector(".hc-hide-draft").addEventListener("click", (e) => {
        const hidden = box.dataset.hidden === "true";
        if (!hidden && !confirm(t("controls.hide_confirm"))) return;
        act("host:moderate", { action: hidden ? "unhide" : "hide", team_id: box.dataset.key }, e.currentTarget);
      });
      return box;
    }, (box, team) => {
      const d = all[team.id];
      box.dataset.hidden = d.hidden ? "true" : "false";
      Object.entries(teamStyle(team.color)).forEach(([k, v]) => box.style.setProperty(k, v));
      setText(box.querySelector(".hc-draft-name"), team.name);
      setText(box.querySelector(".hc-draft-state"), [d.submitted ? t("controls.submitted") : t("controls.not_submitted"),
        d.hidden ? t("controls.hidden") : ""].filter(Boolean).join(" · "));
      setText(box.querySelector(".hc-hide-draft"), d.hidden ? t("controls.unhide") : t("controls.hide_draft"));
      box.classList.toggle("is-hidden", !!d.hidden);
      const text = box.querySelector(".hc-draft-text");
      const key = JSON.stringify([d.response, d.promise, d.we_do, d.we_dont]);
      if (text.dataset.v !== key) {
        text.dataset.v = key;
        fill(text, ["response", "promise", "we_do", "we_dont"].map((f) => d[f]
          ? h("div", null, h("h4", null, t(`entry.${f}`)), h("p", { class: "pre" }, d[f])) : null));
      }
    });
  }

  function renderVotes(state) {
    const host = state.host || {};
    const entries = host.entries || {};
    const teamById = new Map((state.session.teams || []).map((team) => [team.id, team]));
    const ids = Object.keys(entries).sort();
    votesSection.hidden = !["vote", "reveal"].includes(state.session.phase) || !ids.length;
    fill(votes, h("ul", { class: "hc-vote-list" }, ids.map((id) => {
      const team = teamById.get(entries[id]);
      return h("li", { style: teamStyle(team && team.color) },
        h("span", { class: "hc-letter" }, id),
        h("span", { class: "hc-vote-team" }, team ? team.name : ""),
        h("span", { class: "hc-vote-n" }, tn("votes", (host.votes || {})[id] || 0)));
    })));
  }

  let notesKey = null;
  function renderNotes(state) {
    const n = state.host && state.host.notes;
    notesSection.hidden = !n;
    const key = JSON.stringify(n);
    if (key === notesKey) return;
    notesKey = key;
    if (!n) return;
    fill(notes,
      n.lesson ? h("div", null, h("h3", null, t("controls.lesson")), h("p", { class: "pre" }, n.lesson)) : null,
      n.tips && n.tips.length ? h("div", null, h("h3", null, t("controls.tips")), h("ul", null, n.tips.map((x) => h("li", null, x)))) : null,
      n.questions && n.questions.length ? h("div", null, h("h3", null, t("controls.questions")),
        h("ul", null, n.questions.map((x) => h("li", null, x)))) : null,
      state.host.model_response ? h("details", null, h("summary", null, t("projector.model_response")),
        h("p", { class: "pre" }, state.host.model_response)) : null);
  }

  function renderPace(state) {
    const s = state.session;
    const phase = s.phase;
    const timer = s.timer || {};
    const inRound = ROUND_PHASES.includes(phase);
    const paused = typeof timer.paused_remaining === "number";
    const running = typeof timer.deadline === "number" && !paused;
    buttons.start.hidden = phase !== "lobby";
    buttons.next.hidden = phase === "lobby" || phase === "finished";
    setText(buttons.next, phase === "reveal"
      ? (s.card_index + 1 < s.card_count ? t("controls.next_card") : t("controls.finish"))
      : t("controls.next_to", { phase: t(`phase.${NEXT[phase] || "story"}`) }));
    buttons.start.disabled = !(s.player_count > 0);
    setText(startHint, phase === "lobby" && !(s.player_count > 0) ? t("controls.start_hint") : "");
    buttons.pause.hidden = !running;
    buttons.resume.hidden = !paused;
    // Extending a phase without a timer gives it one (a minute to wrap up).
    buttons.extend.disabled = !inRound;
    panel.querySelector(".hc-timer-row").hidden = !inRound;
    buttons.skip.hidden = !inRound;
    buttons.end.hidden = phase === "finished";
    const card = s.card ? ` · ${t("phase.card_of", { n: s.card_index + 1, total: s.card_count })}` : "";
    setText(status, `${t(`phase.${phase}`)}${card}`);
    setText(progress, progressText(phase, s.progress));
    countdown.update(s.timer);
  }

  return {
    hideButton,
    setStatus(online) {
      setText(connection, online ? t("net.online") : t("net.reconnecting"));
      connection.dataset.online = online ? "true" : "false";
    },
    render(state) {
      if (!state.session) return;
      lastState = state;
      renderPace(state);
      renderNotes(state);
      renderVotes(state);
      renderDrafts(state);
      renderPlayers(state);
    },
  };
}
