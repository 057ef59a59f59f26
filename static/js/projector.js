// The projector: what the room sees, at 1920x1080 and readable from the back
// row. It renders only the `session` and `screen` sections: the screen view
// holds no facilitator notes, no key answers or model response before the
// reveal and no authorship of drafts before the reveal (game/core/screen_view.py).
// The projector page (screen.js) and the presenter's preview (host.js) use it.

import { h, fill, setText, paragraphs, keyed } from "./dom.js";
import { t, tn, progressText } from "./i18n.js";
import { createCountdown } from "./timer.js";
import { entryBlocks, leaderboard, paintTeam, scoreText } from "./render.js";
import { currentStep } from "./show_steps.js";
import { fit, keepFitted, refitAll } from "./projector_fit.js";
import { PROMISES_PHASES, charterStep, charterTitle } from "./promises_projector.js";

const MAX_NAMES_PER_TEAM = 24;
const screenOf = (state) => state.screen || {};

const EVERYONE = {
  diagnose: () => t("progress.everyone.diagnose"), draft: () => t("progress.everyone.draft"),
  vote: () => t("progress.everyone.vote"),
};

/** "Everyone has answered" when the phase's task is done by all, else the count. */
export function progressLine(session) {
  const p = session.progress;
  if (p && p.total > 0 && p.done >= p.total && EVERYONE[session.phase]) return EVERYONE[session.phase]();
  return progressText(session.phase, p);
}

// --- lobby -------------------------------------------------------------------------

function joinBlock({ code, joinUrl, joinReachable }) {
  return h("div", { class: "p-join" },
    h("p", { class: "p-join-label" }, t("projector.join_at")),
    h("p", { class: "p-join-url" }, joinUrl || ""),
    joinReachable === false ? h("p", { class: "p-warning", role: "alert" }, t("projector.unreachable")) : null,
    h("p", { class: "p-join-label" }, t("projector.with_code")),
    h("p", { class: "p-code", "aria-label": code.split("").join(" ") }, code));
}

function teamBox() {
  return h("section", { class: "p-team" }, h("h3", null), h("ul"), h("p", { class: "p-more" }));
}

function updateTeamBox(box, team, members) {
  paintTeam(box, team.color);
  setText(box.children[0], `${team.name} · ${members.length}`);
  // The newest names stay visible; a room of hundreds cannot fit on one screen.
  const shown = members.slice(-MAX_NAMES_PER_TEAM);
  keyed(box.children[1], shown, (p) => p.id, () => h("li", { class: "p-name" }),
    (li, p) => { setText(li, p.name); li.classList.toggle("is-away", !!p.away); });
  const more = members.length - shown.length;
  setText(box.children[2], more > 0 ? t("common.and_more", { n: more }) : "");
}

function lobby(page) {
  const teams = h("div", { class: "p-teams" });
  const count = h("p", { class: "p-count" });
  const el = h("div", { class: "p-lobby" },
    h("div", null, joinBlock(page), count),
    h("div", { class: "p-qr" }, h("img", {
      src: `/api/sessions/${page.code}/qr.svg`, alt: t("projector.qr_alt"), width: 420, height: 420,
    })),
    teams);
  return {
    el,
    update(state) {
      const players = screenOf(state).players || [];
      setText(count, tn("projector.players_joined", players.length || state.session.player_count || 0));
      const byTeam = new Map();
      for (const p of players) {
        if (!byTeam.has(p.team_id)) byTeam.set(p.team_id, []);
        byTeam.get(p.team_id).push(p);
      }
      keyed(teams, state.session.teams || [], (team) => team.id, teamBox,
        (box, team) => updateTeamBox(box, team, byTeam.get(team.id) || []));
    },
  };
}

// --- story, diagnose, draft, vote ----------------------------------------------------

function story() {
  const el = h("div", { class: "p-story" });
  let key = null;
  return {
    el,
    update(state) {
      const card = state.session.card;
      const { steps: pages, index, step } = currentStep(state.session, state.screen);
      if (!card || key === `${card.id}:${index}`) return;
      key = `${card.id}:${index}`;
      const c = card.customer || {};
      // A story longer than the screen holds at the back row's size comes a page at a time.
      const text = h("div", { class: "p-story-text fit-box" }, (step ? step.paragraphs : []).map((p) => h("p", null, p)),
        pages.length > 1 ? h("p", { class: "p-step-count p-story-page" }, t("projector.step_of", { n: index + 1, total: pages.length })) : null);
      fill(el,
        h("aside", { class: "p-customer" },
          h("p", { class: "p-eyebrow" }, t("projector.customer")),
          h("p", { class: "p-customer-name" }, c.name || ""),
          c.persona ? h("p", { class: "p-persona" }, c.persona) : null,
          c.archetype ? h("p", { class: "p-chip" }, t(`archetype.${c.archetype}`)) : null,
          c.feeling ? h("p", { class: "p-feeling" }, t("story.feeling", { feeling: c.feeling })) : null),
        text);
      keepFitted(text, () => fit(text, { max: 1.1 }));
    },
  };
}

function barRow() {
  return h("div", { class: "p-bar-row" },
    h("span", { class: "p-bar-label" }),
    h("span", { class: "p-bar-track" }, h("span", { class: "p-bar-fill" })),
    h("span", { class: "p-bar-count" }));
}

function diagnose() {
  const question = h("h2", { class: "p-question" });
  const bars = h("div", { class: "p-bars" });
  const progress = h("p", { class: "p-progress" });
  const el = h("div", { class: "p-diagnose" }, question, bars, progress);
  return {
    el,
    update(state) {
      const card = state.session.card;
      if (!card) return;
      setText(question, card.diagnose.question);
      const tally = screenOf(state).tally || {};
      const total = state.session.progress ? state.session.progress.total : 0;
      const max = Math.max(1, total, ...card.diagnose.options.map((o) => tally[o.id] || 0));
      keyed(bars, card.diagnose.options, (o) => o.id, barRow, (row, o) => {
        const n = tally[o.id] || 0;
        setText(row.children[0], o.label);
        row.querySelector(".p-bar-fill").style.width = `${(100 * n) / max}%`;
        setText(row.children[2], String(n));
      });
      setText(progress, progressLine(state.session));
      const p = state.session.progress;
      progress.classList.toggle("is-everyone", !!(p && p.total > 0 && p.done >= p.total));
    },
  };
}

function teamTile() {
  return h("div", { class: "p-team-tile" }, h("span", { class: "p-tick", "aria-hidden": "true" }),
    h("span", { class: "p-team-name" }), h("span", { class: "p-team-state" }));
}

function draft() {
  const prompts = h("div", { class: "p-prompts" });
  const teams = h("div", { class: "p-team-status" });
  const progress = h("p", { class: "p-progress" });
  const el = h("div", { class: "p-draft" }, h("h2", { class: "p-question" }, t("projector.draft_title")),
    prompts, teams, progress);
  let cardId = null;
  return {
    el,
    update(state) {
      const card = state.session.card;
      if (card && card.id !== cardId) {
        cardId = card.id;
        fill(prompts, ["response", "promise", "behaviours"].map((name, i) => h("div", { class: "p-prompt" },
          h("span", { class: "p-prompt-n" }, String(i + 1)),
          h("div", null, h("h3", null, t(`projector.prompt.${name}`)), h("p", null, card.prompts[name] || "")))));
      }
      const submitted = screenOf(state).submitted || {};
      const playing = (state.session.teams || []).filter((team) => team.size > 0);
      keyed(teams, playing, (team) => team.id, teamTile, (tile, team) => {
        paintTeam(tile, team.color);
        const done = !!submitted[team.id];
        tile.classList.toggle("is-done", done);
        setText(tile.children[0], done ? "✓" : "");
        setText(tile.children[1], team.name);
        setText(tile.children[2], done ? t("projector.submitted") : t("projector.writing"));
      });
      setText(progress, progressLine(state.session));
    },
  };
}

// How much of each draft the ballot shows: as much as fits the back row, the phones have the rest.
const BALLOT_LEVELS = ["full", "promise", "letters"];

function ballotCards(grid, ballot, level) {
  const n = ballot.length;
  grid.style.setProperty("--cols", String(n <= 3 ? Math.max(1, n) : n === 4 ? 2 : n <= 6 ? 3 : 4));
  grid.dataset.level = level;
  grid.classList.toggle("is-letters", level === "letters");
  fill(grid, ballot.map((entry) => h("article", { class: "p-card fit-card" },
    h("header", { class: "p-card-head" }, h("span", { class: "p-letter" }, entry.entry_id)),
    level === "full" ? entryBlocks(entry, { response: false })
      : level === "promise" ? entryBlocks({ promise: entry.promise }) : null)));
}

function fitBallot(grid, ballot) {
  for (const level of BALLOT_LEVELS) {
    ballotCards(grid, ballot, level);
    if (level === "letters" || fit(grid, { max: 1.2 })) return;
  }
}

function vote() {
  const grid = h("div", { class: "p-ballot fit-box" });
  const note = h("p", { class: "p-note" });
  const progress = h("p", { class: "p-progress" });
  const el = h("div", { class: "p-vote" }, h("h2", { class: "p-question" }, t("projector.vote_title")), grid, note, progress);
  let key = null;
  return {
    el,
    update(state) {
      const ballot = state.session.ballot || [];
      const k = JSON.stringify(ballot);
      if (k !== key) {
        key = k;
        if (!ballot.length) fill(grid, h("p", { class: "p-empty" }, t("projector.no_drafts")));
        else keepFitted(grid, () => fitBallot(grid, ballot));
        setText(note, ballot.length ? t("projector.read_on_phone") : "");
      }
      setText(progress, progressLine(state.session));
    },
  };
}

// --- reveal and the end: one step at a time -------------------------------------------

function entryStep(step) {
  const entry = step.entry;
  const card = paintTeam(h("article", { class: "p-card p-result fit-card" },
    h("header", { class: "p-result-head" },
      h("span", { class: "p-team-name" }, entry.team_name),
      h("span", { class: "p-result-score" }, scoreText(entry))),
    h("div", { class: "p-result-body" }, entryBlocks(entry))), entry.color);
  const box = h("div", { class: "p-one fit-box" }, card);
  keepFitted(box, () => fit(box, { max: 1.3 }));
  return box;
}

function answerStep(session) {
  const results = session.results;
  const keys = new Set(results.key_options || []);
  const tally = results.tally || {};
  const max = Math.max(1, ...Object.values(tally));
  const options = session.card ? session.card.diagnose.options : [];
  const box = h("div", { class: "p-answer fit-box" },
    h("section", null,
      h("ul", { class: "p-tally" }, options.map((o) => h("li", { class: ["p-tally-row", keys.has(o.id) && "is-key"] },
        h("span", { class: "p-tally-label" }, keys.has(o.id) ? `★ ${o.label}` : o.label),
        h("span", { class: "p-tally-bar", style: { "--w": `${(100 * (tally[o.id] || 0)) / max}%` } }),
        h("span", { class: "p-tally-n" }, String(tally[o.id] || 0)))))),
    h("p", { class: "p-note" }, t("projector.key_note")));
  keepFitted(box, () => fit(box, { max: 1.2 }));
  return box;
}

function modelStep(session) {
  const box = h("div", { class: "p-model-step fit-box" },
    h("section", { class: "p-model" }, paragraphs(session.results.model_response)));
  keepFitted(box, () => fit(box, { max: 1.3 }));
  return box;
}

function wallStep(step) {
  const box = h("div", { class: "p-wall-page fit-box" },
    h("h3", { class: "p-wall-card-title" }, step.card_title),
    h("div", { class: "p-wall-grid" }, step.entries.map((entry) => paintTeam(h("article", { class: "p-card p-wall-entry fit-card" },
      h("p", { class: "p-team-name" }, entry.team_name), entryBlocks(entry, { response: false })), entry.color))));
  keepFitted(box, () => fit(box, { max: 1.2 }));
  return box;
}

function stepBody(state, step) {
  const session = state.session;
  if (!step) return h("p", { class: "p-empty" }, session.phase === "commit" ? t("promises.none_chosen") : t("projector.no_drafts"));
  if (step.kind.startsWith("charter")) return charterStep(step);
  if (step.kind === "entry") return entryStep(step);
  if (step.kind === "answer") return answerStep(session);
  if (step.kind === "model") return modelStep(session);
  if (step.kind === "leaderboard") return h("div", { class: "p-board" }, leaderboard(session.leaderboard, { limit: 10 }));
  // The print page is on the presenter's controls: nobody in the room can click a link on the wall.
  if (step.kind === "final") return h("div", { class: "p-board" }, leaderboard(session.leaderboard, { limit: 10 }));
  return wallStep(step);
}

function stepTitle(step, phase) {
  if (!step) {
    if (phase === "finished") return t("projector.wall_empty");
    return phase === "commit" ? t("promises.charter.title") : t("reveal.title");
  }
  if (step.kind.startsWith("charter")) return charterTitle(step);
  if (step.kind === "entry") return t("projector.draft_n", { n: step.n, of: step.of });
  if (step.kind === "answer") return t("projector.key_problems");
  if (step.kind === "model") return t("projector.model_response");
  if (step.kind === "leaderboard") return t("leaderboard.title");
  if (step.kind === "final") return t("leaderboard.final");
  return t("projector.wall_title");
}

function steps() {
  const title = h("h2", { class: "p-question p-step-title" });
  const counter = h("p", { class: "p-step-count" });
  const body = h("div", { class: "p-step-body" });
  const el = h("div", { class: "p-steps" }, h("header", { class: "p-step-head" }, title, counter), body);
  let key = null;
  return {
    el,
    update(state) {
      const { steps: all, index, step } = currentStep(state.session, state.screen);
      const k = JSON.stringify([index, step, state.session.leaderboard, state.session.phase]);
      if (k === key) return;
      key = k;
      el.dataset.step = step ? step.kind : "none";
      setText(title, stepTitle(step, state.session.phase));
      setText(counter, all.length > 1 ? t("projector.step_of", { n: index + 1, total: all.length }) : "");
      fill(body, stepBody(state, step));
    },
  };
}

const PHASES = { lobby, story, diagnose, draft, vote, reveal: steps, finished: steps, commit: steps, ...PROMISES_PHASES };

function stageHead() {
  const parts = {
    countdown: createCountdown("countdown p-countdown"),
    title: h("p", { class: "p-title" }),
    cardLine: h("p", { class: "p-card-line" }),
    phase: h("p", { class: "p-phase" }),
    offline: h("p", { class: "p-offline", hidden: true }, t("net.reconnecting")),
  };
  parts.el = h("header", { class: "stage-head" },
    h("div", { class: "stage-head-left" }, parts.title, parts.cardLine),
    h("div", { class: "stage-head-right" }, parts.offline, parts.phase, parts.countdown.el));
  return parts;
}

/** createProjector(stage, {code, joinUrl, joinReachable}) -> {render(state), setOnline(online)} */
export function createProjector(stage, page) {
  const head = stageHead();
  const body = h("div", { class: "stage-body" });
  fill(stage, head.el, body);
  let current = null;
  let currentKey = null;
  let resizeTimer = null;
  if (window.ResizeObserver) {
    new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(refitAll, 80);
    }).observe(stage);
  }
  return {
    setOnline(online) {
      head.offline.hidden = online;
    },
    render(state) {
      const session = state.session;
      if (!session) return;
      stage.dataset.phase = session.phase;
      setText(head.title, session.title || "");
      setText(head.cardLine, session.card
        ? `${t("phase.card_of", { n: session.card_index + 1, total: session.card_count })} · ${session.card.title}` : "");
      setText(head.phase, session.phase === "lobby" ? "" : t(`phase.${session.phase}`));
      head.countdown.update(session.timer);
      const key = `${session.phase}:${session.card_index}`;
      if (key !== currentKey) {
        currentKey = key;
        current = (PHASES[session.phase] || lobby)(page);
        fill(body, current.el);
      }
      current.update(state);
    },
  };
}
