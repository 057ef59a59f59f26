// The projector: what the room sees, at 1920x1080 and readable from the back.
// Built from the host's view, but never shows facilitator notes or draft text
// before the vote (the notes live in host_controls.js, off the stage).

import { h, fill, setText, paragraphs, keyed } from "./dom.js";
import { t, tn, progressText } from "./i18n.js";
import { createCountdown } from "./timer.js";
import { entryBlocks, leaderboard, paintTeam, scoreText } from "./render.js";

const MAX_NAMES_PER_TEAM = 24;

/**
 * Shrink the font of `box` (via --fit, a multiplier in its CSS) until
 * `overflowing()` is false. Projected text must fit; it cannot be scrolled.
 */
function fit(box, overflowing = () => box.scrollHeight > box.clientHeight + 1, max = 1) {
  let scale = max;
  box.style.setProperty("--fit", String(scale));
  while (overflowing() && scale > 0.4) {
    scale -= 0.05;
    box.style.setProperty("--fit", scale.toFixed(2));
  }
}

/** Cards of draft text: as large as the room allows, and never cut off. */
function fitCards(box, max = 1.5) {
  // Words are never broken inside a card, so a too-large size shows up as overflow either way.
  fit(box, () => box.scrollHeight > box.clientHeight + 1
    || [...box.querySelectorAll(".fit-card")].some((c) => c.scrollHeight > c.clientHeight + 1
      || c.scrollWidth > c.clientWidth + 1), max);
}

// Boxes to refit when the stage changes size (window resized, controls shown or hidden).
const fitted = new Set();
function keepFitted(box, run) {
  fitted.add([box, run]);
  requestAnimationFrame(run);
}
function refitAll() {
  for (const entry of [...fitted]) {
    if (!entry[0].isConnected) fitted.delete(entry);
    else entry[1]();
  }
}

// --- phases ------------------------------------------------------------------------

function lobby({ code, joinUrl }) {
  const teams = h("div", { class: "p-teams" });
  const count = h("p", { class: "p-count" });
  const el = h("div", { class: "p-lobby" },
    h("div", { class: "p-join" },
      h("p", { class: "p-join-label" }, t("projector.join_at")),
      h("p", { class: "p-join-url" }, joinUrl || ""),
      h("p", { class: "p-join-label" }, t("projector.with_code")),
      h("p", { class: "p-code", "aria-label": code.split("").join(" ") }, code),
      count),
    h("div", { class: "p-qr" }, h("img", {
      src: `/api/sessions/${code}/qr.svg`, alt: t("projector.qr_alt"), width: 420, height: 420,
    })),
    teams);
  return {
    el,
    update(state) {
      const players = (state.host && state.host.players) || [];
      setText(count, tn("projector.players_joined", players.length || state.session.player_count || 0));
      const byTeam = new Map();
      for (const p of players) {
        if (!byTeam.has(p.team_id)) byTeam.set(p.team_id, []);
        byTeam.get(p.team_id).push(p);
      }
      keyed(teams, state.session.teams || [], (team) => team.id,
        () => h("section", { class: "p-team" }, h("h3", null), h("ul"), h("p", { class: "p-more" })),
        (box, team) => {
          paintTeam(box, team.color);
          const members = byTeam.get(team.id) || [];
          setText(box.children[0], `${team.name} · ${members.length}`);
          // The newest names stay visible; a room of hundreds cannot fit on one screen.
          const shown = members.slice(-MAX_NAMES_PER_TEAM);
          keyed(box.children[1], shown, (p) => p.id, () => h("li", { class: "p-name" }),
            (li, p) => { setText(li, p.name); li.classList.toggle("is-away", !!p.away); });
          const more = members.length - shown.length;
          setText(box.children[2], more > 0 ? t("common.and_more", { n: more }) : "");
        });
    },
  };
}

function story() {
  const el = h("div", { class: "p-story" });
  let key = null;
  return {
    el,
    update(state) {
      const card = state.session.card;
      if (!card || key === card.id) return;
      key = card.id;
      const c = card.customer || {};
      const text = h("div", { class: "p-story-text" }, paragraphs(card.story));
      fill(el,
        h("aside", { class: "p-customer" },
          h("p", { class: "p-eyebrow" }, t("projector.customer")),
          h("p", { class: "p-customer-name" }, c.name || ""),
          c.persona ? h("p", { class: "p-persona" }, c.persona) : null,
          c.archetype ? h("p", { class: "p-chip" }, t(`archetype.${c.archetype}`)) : null,
          c.feeling ? h("p", { class: "p-feeling" }, t("story.feeling", { feeling: c.feeling })) : null),
        text);
      keepFitted(text, () => fit(text, undefined, 1.1));
    },
  };
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
      const tally = (state.host && state.host.tally) || {};
      const total = state.session.progress ? state.session.progress.total : 0;
      const counts = card.diagnose.options.map((o) => tally[o.id] || 0);
      const max = Math.max(1, total, ...counts);
      keyed(bars, card.diagnose.options, (o) => o.id,
        () => h("div", { class: "p-bar-row" },
          h("span", { class: "p-bar-label" }),
          h("span", { class: "p-bar-track" }, h("span", { class: "p-bar-fill" })),
          h("span", { class: "p-bar-count" })),
        (row, o) => {
          const n = tally[o.id] || 0;
          setText(row.children[0], o.label);
          row.querySelector(".p-bar-fill").style.width = `${(100 * n) / max}%`;
          setText(row.children[2], String(n));
        });
      setText(progress, progressText(state.session.phase, state.session.progress));
    },
  };
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
      const drafts = (state.host && state.host.drafts) || {};
      const playing = (state.session.teams || []).filter((team) => team.size > 0);
      keyed(teams, playing, (team) => team.id,
        () => h("div", { class: "p-team-tile" }, h("span", { class: "p-tick", "aria-hidden": "true" }),
          h("span", { class: "p-team-name" }), h("span", { class: "p-team-state" })),
        (tile, team) => {
          paintTeam(tile, team.color);
          const done = !!(drafts[team.id] && drafts[team.id].submitted);
          tile.classList.toggle("is-done", done);
          setText(tile.children[0], done ? "✓" : "");
          setText(tile.children[1], team.name);
          setText(tile.children[2], done ? t("projector.submitted") : t("projector.writing"));
        });
      setText(progress, progressText(state.session.phase, state.session.progress));
    },
  };
}

function vote() {
  const grid = h("div", { class: "p-ballot fit-box" });
  const progress = h("p", { class: "p-progress" });
  const el = h("div", { class: "p-vote" }, h("h2", { class: "p-question" }, t("projector.vote_title")), grid, progress);
  let key = null;
  return {
    el,
    update(state) {
      const ballot = state.session.ballot || [];
      const k = JSON.stringify(ballot);
      if (k !== key) {
        key = k;
        const n = ballot.length;
        grid.style.setProperty("--cols", String(n <= 3 ? Math.max(1, n) : n === 4 ? 2 : n <= 6 ? 3 : 4));
        fill(grid, n ? ballot.map((entry) => h("article", { class: "p-card fit-card" },
          h("header", { class: "p-card-head" }, h("span", { class: "p-letter" }, entry.entry_id)), entryBlocks(entry)))
          : h("p", { class: "p-empty" }, t("projector.no_drafts")));
        keepFitted(grid, () => fitCards(grid, 1.3));
      }
      setText(progress, progressText(state.session.phase, state.session.progress));
    },
  };
}

function reveal() {
  const el = h("div", { class: "p-reveal" });
  let key = null;
  return {
    el,
    update(state) {
      const results = state.session.results;
      const card = state.session.card;
      const k = JSON.stringify([results, state.session.leaderboard]);
      if (!results || !card || k === key) return;
      key = k;
      const keys = new Set(results.key_options || []);
      const tally = results.tally || {};
      const max = Math.max(1, ...Object.values(tally));
      const n = results.entries.length;
      // Many teams: the promise and the score only; phones and the wall have the rest.
      const full = n <= 4;
      const entries = h("div", { class: "p-results fit-box" }, n
        ? results.entries.map((entry) => paintTeam(h("article", { class: "p-card p-result fit-card" },
          h("header", { class: "p-result-head" },
            h("span", { class: "p-team-name" }, entry.team_name),
            h("span", { class: "p-result-score" }, scoreText(entry))),
          entryBlocks(entry, { response: full })), entry.color))
        : h("p", { class: "p-empty" }, t("projector.no_drafts")));
      entries.style.setProperty("--cols", String(n <= 2 ? Math.max(1, n) : n <= 4 ? 2 : n <= 9 ? 3 : 4));
      fill(el,
        entries,
        h("aside", { class: "p-reveal-side fit-box" },
          h("section", null, h("h3", null, t("projector.key_problems")),
            h("ul", { class: "p-tally" }, card.diagnose.options.map((o) => h("li", {
              class: ["p-tally-row", keys.has(o.id) && "is-key"],
            }, h("span", { class: "p-tally-label" }, keys.has(o.id) ? `★ ${o.label}` : o.label),
            h("span", { class: "p-tally-bar", style: { "--w": `${(100 * (tally[o.id] || 0)) / max}%` } }),
            h("span", { class: "p-tally-n" }, String(tally[o.id] || 0)))))),
          results.model_response ? h("section", { class: "p-model" },
            h("h3", null, t("projector.model_response")), paragraphs(results.model_response)) : null,
          h("section", null, h("h3", null, t("leaderboard.title")), leaderboard(state.session.leaderboard, { limit: 6 }))));
      const side = el.querySelector(".p-reveal-side");
      keepFitted(entries, () => fitCards(entries, 1.3));
      keepFitted(side, () => fit(side, undefined, 1.2));
    },
  };
}

/**
 * A wall taller than the screen scrolls by itself, slowly, top to bottom and
 * back; touching it (wheel, pointer) pauses that for a while.
 */
function autoScroll(box) {
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  let pausedUntil = Date.now() + 4000;
  const pause = () => { pausedUntil = Date.now() + 15000; };
  box.addEventListener("wheel", pause, { passive: true });
  box.addEventListener("pointerdown", pause);
  box.addEventListener("keydown", pause);
  const timer = setInterval(() => {
    if (!box.isConnected) {
      clearInterval(timer);
      return;
    }
    if (Date.now() < pausedUntil || box.scrollHeight <= box.clientHeight + 2) return;
    if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) {
      pausedUntil = Date.now() + 5000;
      setTimeout(() => { box.scrollTo({ top: 0, behavior: "smooth" }); pausedUntil = Date.now() + 5000; }, 4000);
      return;
    }
    box.scrollTop += 1;
  }, 40);
}

function finished({ code }) {
  const el = h("div", { class: "p-finished" });
  let key = null;
  return {
    el,
    update(state) {
      const k = JSON.stringify([state.session.leaderboard, state.session.wall]);
      if (k === key) return;
      key = k;
      const wall = state.session.wall || [];
      fill(el,
        h("section", { class: "p-final" },
          h("h2", null, t("leaderboard.final")),
          leaderboard(state.session.leaderboard, { limit: 8 }),
          h("a", { class: "p-print-link", href: `/host/${code}/print`, target: "_blank", rel: "noopener" },
            t("projector.print_link"))),
        h("section", { class: "p-wall", tabindex: "0" },
          h("h2", null, t("projector.wall_title")),
          wall.length ? wall.map((card) => h("div", { class: "p-wall-card" },
            h("h3", null, card.card_title),
            h("div", { class: "p-wall-grid" }, (card.teams || []).map((entry) => paintTeam(h("article", { class: "p-card p-wall-entry" },
              h("p", { class: "p-team-name" }, entry.team_name), entryBlocks(entry, { response: false })), entry.color)))))
            : h("p", { class: "p-empty" }, t("projector.wall_empty"))));
      autoScroll(el.querySelector(".p-wall"));
    },
  };
}

const PHASES = { lobby, story, diagnose, draft, vote, reveal, finished };

/** createProjector(stage, {code, joinUrl}) -> {render(state)} */
export function createProjector(stage, page) {
  const countdown = createCountdown("countdown p-countdown");
  const title = h("p", { class: "p-title" });
  const cardLine = h("p", { class: "p-card-line" });
  const phase = h("p", { class: "p-phase" });
  const offline = h("p", { class: "p-offline", hidden: true }, t("net.reconnecting"));
  const body = h("div", { class: "stage-body" });
  fill(stage,
    h("header", { class: "stage-head" },
      h("div", { class: "stage-head-left" }, title, cardLine),
      h("div", { class: "stage-head-right" }, offline, phase, countdown.el)),
    body);
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
      offline.hidden = online;
    },
    render(state) {
      const session = state.session;
      if (!session) return;
      stage.dataset.phase = session.phase;
      setText(title, session.title || "");
      setText(cardLine, session.card
        ? `${t("phase.card_of", { n: session.card_index + 1, total: session.card_count })} · ${session.card.title}` : "");
      setText(phase, session.phase === "lobby" ? "" : t(`phase.${session.phase}`));
      countdown.update(session.timer);
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
