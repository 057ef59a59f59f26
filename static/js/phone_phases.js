// One screen per phase on the phone. Each factory returns {el, update(state)}
// and is rebuilt when the phase or the card changes; update() runs on every
// change of the view and keeps the elements it made (focus, scroll, typing).

import { h, fill, setText, paragraphs } from "./dom.js";
import { t, tn, errorText, progressText } from "./i18n.js";
import { createDraftEditor } from "./draft_editor.js";
import { entryBlocks, leaderboard, paintTeam, scoreText } from "./render.js";
import { PROMISES_SCREENS, charterBlocks } from "./promises_phone.js";

function teamOf(state) {
  return state.team || {};
}

// --- lobby -------------------------------------------------------------------------

export function lobbyScreen() {
  const teamName = h("p", { class: "big-team" });
  const members = h("ul", { class: "member-list" });
  const count = h("p", { class: "muted" });
  const el = h("section", { class: "screen screen-lobby" },
    h("p", { class: "eyebrow" }, t("lobby.you_are_in")), teamName,
    h("p", { class: "lead" }, t("lobby.waiting")),
    h("h3", null, t("lobby.your_team")), members, count);
  return {
    el,
    update(state) {
      const team = teamOf(state);
      setText(teamName, team.name || "");
      paintTeam(teamName, team.color);
      fill(members, (team.members || []).map((m) => h("li", { class: ["member", m.away && "is-away"] },
        m.name, m.id === state.me.player_id ? h("span", { class: "you" }, t("common.you")) : null)));
      setText(count, tn("lobby.players_joined", state.session.player_count || 0));
    },
  };
}

// --- story -------------------------------------------------------------------------

function customerBlock(card) {
  const c = card.customer || {};
  return h("div", { class: "customer" },
    h("p", { class: "customer-name" }, c.name || ""),
    c.persona ? h("p", { class: "customer-persona" }, c.persona) : null,
    c.archetype ? h("p", { class: "chip" }, t(`archetype.${c.archetype}`)) : null,
    c.feeling ? h("p", { class: "customer-feeling" }, t("story.feeling", { feeling: c.feeling })) : null);
}

export function storyScreen() {
  const el = h("section", { class: "screen screen-story" });
  let built = false;
  return {
    el,
    update(state) {
      const card = state.session.card;
      const perspective = teamOf(state).perspective;
      const key = JSON.stringify([card && card.id, perspective]);
      if (built === key || !card) return;
      built = key;
      fill(el,
        h("h2", { class: "card-title" }, card.title),
        customerBlock(card),
        h("div", { class: "story-text" }, paragraphs(card.short_story)),
        perspective ? h("div", { class: "perspective" },
          h("h3", null, t("story.perspective", { role: perspective.role })),
          paragraphs(perspective.text)) : null,
        h("p", { class: "hint" }, t("story.look_up")));
    },
  };
}

// --- diagnose ----------------------------------------------------------------------

export function diagnoseScreen(ctx) {
  const question = h("h2", { class: "question" });
  const list = h("div", { class: "toggle-list", role: "group" });
  const status = h("p", { class: "save-status", "aria-live": "polite" });
  const progress = h("p", { class: "muted" });
  const el = h("section", { class: "screen screen-diagnose" },
    question, h("p", { class: "hint" }, t("diagnose.hint")), list, status, progress);
  let options = [];
  let seq = 0;

  const own = ctx.own;
  async function toggle(id) {
    own.toggleTick(id);
    const mine = ++seq;
    own.setStatus("tick", "saving");
    own.sending();
    render();
    const ack = await ctx.send("diagnose", { options: options.map((o) => o.id).filter((o) => own.ticks.has(o)) });
    own.sent();
    if (mine !== seq) return; // a newer change is on its way
    own.setStatus("tick", ack.ok ? "saved" : "error", ack.ok ? null : errorText(ack.error));
    render();
  }

  function render() {
    for (const button of list.children) {
      const on = own.ticks.has(button.dataset.key);
      button.setAttribute("aria-checked", on ? "true" : "false");
      button.classList.toggle("is-on", on);
    }
    const s = own.status("tick");
    setText(status, s.kind === "saving" ? t("common.saving") : s.kind === "saved" ? t("diagnose.saved", { n: own.ticks.size })
      : s.kind === "error" ? s.error : "");
    status.dataset.kind = s.kind || "";
  }

  return {
    el,
    update(state) {
      const card = state.session.card;
      if (!card) return;
      setText(question, card.diagnose.question);
      if (options !== card.diagnose.options) {
        options = card.diagnose.options;
        fill(list, options.map((o) => {
          const button = h("button", {
            type: "button", class: "toggle", role: "checkbox", "aria-checked": "false",
            onclick: () => toggle(o.id),
          }, h("span", { class: "toggle-box", "aria-hidden": "true" }), h("span", { class: "toggle-label" }, o.label));
          button.dataset.key = o.id;
          return button;
        }));
      }
      setText(progress, progressText(state.session.phase, state.session.progress));
      render();
    },
  };
}

// --- draft -------------------------------------------------------------------------

// The Submit button: what it means, said on the phone. Every non-empty draft goes on the
// ballot when the writing ends, submitted or not; submitting tells the facilitator (and,
// with early end, the clock) that the team is done.
function createSubmitBar(ctx, editor) {
  const submit = h("button", { type: "button", class: "btn btn-primary btn-block submit-toggle" });
  const note = h("p", { class: "hint", "aria-live": "polite" });
  const progress = h("p", { class: "muted" });
  const bar = { el: h("div", { class: "submit-bar" }, submit, note, progress), progress,
    submitted: false, busy: false, earlyEnd: true };

  bar.render = () => {
    setText(submit, bar.submitted ? t("draft.submitted") : t("draft.submit"));
    submit.classList.toggle("is-done", bar.submitted);
    submit.setAttribute("aria-pressed", bar.submitted ? "true" : "false");
    setText(note, bar.submitted ? t("draft.submitted_note")
      : (bar.earlyEnd ? t("draft.submit_note_early") : t("draft.submit_note")));
  };

  submit.addEventListener("click", async () => {
    if (bar.busy) return;
    bar.busy = true;
    const want = !bar.submitted;
    submit.disabled = true;
    setText(note, t("common.saving"));
    if (want) await editor.flush();
    const ack = await ctx.send("draft:submit", { submitted: want });
    bar.busy = false;
    submit.disabled = false;
    if (ack.ok) {
      bar.submitted = want;
      bar.render();
    } else {
      setText(note, errorText(ack.error));
    }
  });
  return bar;
}

export function draftScreen(ctx) {
  const editor = createDraftEditor({
    key: ctx.draftKey(), send: ctx.send, call: ctx.call, connected: ctx.connected,
  });
  ctx.own.setEditor(editor);
  setTimeout(() => editor.resume(), 0); // catch up with the team's document at once
  const title = h("h2", null, t("draft.title"));
  const teamLine = h("p", { class: "muted" });
  const bar = createSubmitBar(ctx, editor);
  const ballotNote = h("p", { class: "hint ballot-note" });
  const el = h("section", { class: "screen screen-draft" }, title, teamLine, editor.el, ballotNote, bar.el);

  let cardId = null;
  return {
    el,
    update(state) {
      const card = state.session.card;
      if (card && card.id !== cardId) {
        cardId = card.id;
        editor.setCard(card);
      }
      const team = teamOf(state);
      bar.earlyEnd = state.session.early_end !== false;
      setText(ballotNote, t("draft.ballot_note"));
      setText(teamLine, t("draft.team_line", { team: team.name || "" }));
      editor.applyTeam(team);
      if (!bar.busy && team.draft) bar.submitted = !!team.draft.submitted;
      if (!bar.busy) bar.render();
      const hidden = !!(team.draft && team.draft.hidden);
      el.classList.toggle("is-hidden-draft", hidden);
      if (hidden) setText(ballotNote, t("draft.hidden_note"));
      setText(bar.progress, progressText(state.session.phase, state.session.progress));
      editor.refreshStatus();
    },
    onDraftUpdate(event) {
      editor.receive(event);
    },
    onDraftPresence(event) {
      editor.presence(event);
    },
    resume() {
      editor.resume();
    },
  };
}

// --- vote --------------------------------------------------------------------------

function ballotCard(id, entry, own, vote) {
  const card = h("article", { class: ["entry", own && "is-own"] },
    h("header", { class: "entry-head" },
      h("span", { class: "entry-letter" }, id),
      own ? h("span", { class: "chip" }, t("vote.your_team")) : null),
    entryBlocks(entry),
    h("button", {
      type: "button", class: "btn btn-block vote-button", disabled: own, onclick: () => vote(id),
    }, own ? t("vote.own_disabled") : t("vote.choose", { entry: id })));
  card.dataset.key = id;
  return card;
}

export function voteScreen(ctx) {
  const list = h("div", { class: "ballot" });
  const status = h("p", { class: "save-status", "aria-live": "polite" });
  const progress = h("p", { class: "muted" });
  const el = h("section", { class: "screen screen-vote" },
    h("h2", null, t("vote.title")), h("p", { class: "hint vote-hint" }), status, list, progress);
  let builtKey = null;
  let seq = 0;

  const own = ctx.own;
  async function vote(entryId) {
    const previous = own.vote;
    own.setVote(entryId);
    own.setStatus("vote", "saving");
    own.sending();
    const mine = ++seq;
    render();
    const ack = await ctx.send("vote", { entry_id: entryId });
    own.sent();
    if (mine !== seq) return;
    if (ack.ok) {
      own.setStatus("vote", "saved");
    } else {
      own.setVote(previous);
      own.setStatus("vote", "error", errorText(ack.error));
    }
    render();
  }

  function render() {
    for (const card of list.children) {
      const chosen = card.dataset.key === own.vote;
      card.classList.toggle("is-chosen", chosen);
      const button = card.querySelector("button");
      if (button && !button.disabled) {
        setText(button, chosen ? t("vote.chosen") : t("vote.choose", { entry: card.dataset.key }));
        button.setAttribute("aria-pressed", chosen ? "true" : "false");
      }
    }
    const s = own.status("vote");
    setText(status, s.kind === "saving" ? t("common.saving") : s.kind === "saved" && own.vote
      ? t("vote.counted", { entry: own.vote }) : s.kind === "error" ? s.error : "");
    status.dataset.kind = s.kind || "";
  }

  return {
    el,
    update(state) {
      const ballot = state.session.ballot || [];
      const team = teamOf(state);
      const byId = new Map(ballot.map((e) => [e.entry_id, e]));
      const order = (team.ballot_order || ballot.map((e) => e.entry_id)).filter((id) => byId.has(id));
      const key = JSON.stringify([order, team.own_entry, ballot]);
      if (key !== builtKey) {
        builtKey = key;
        const votable = order.filter((id) => id !== team.own_entry);
        const setAside = !team.own_entry && team.draft && team.draft.hidden;
        fill(list, setAside ? h("p", { class: "notice" }, t("vote.hidden_note")) : null,
          votable.length ? null : h("p", { class: "notice" }, t("vote.nothing")),
          order.map((id) => ballotCard(id, byId.get(id), id === team.own_entry, vote)));
      }
      setText(el.querySelector(".vote-hint"), state.session.early_end !== false ? t("vote.hint_early") : t("vote.hint"));
      setText(progress, progressText(state.session.phase, state.session.progress));
      render();
    },
  };
}

// --- reveal ------------------------------------------------------------------------

export function revealScreen() {
  const el = h("section", { class: "screen screen-reveal" });
  let builtKey = null;
  return {
    el,
    update(state) {
      const results = state.session.results;
      const team = teamOf(state);
      const key = JSON.stringify([results, state.session.leaderboard, team.id]);
      if (key === builtKey) return;
      builtKey = key;
      if (!results) {
        fill(el, h("h2", null, t("reveal.title")));
        return;
      }
      const mine = results.entries.find((e) => e.team_id === team.id);
      fill(el,
        h("h2", null, t("reveal.title")),
        mine ? paintTeam(h("div", { class: "score-banner" },
          h("p", { class: "score-points" }, tn("points", mine.points)),
          h("p", null, t("reveal.your_team", { team: team.name }) + " · " + tn("votes", mine.votes))), team.color)
          : h("p", { class: "notice" }, team.draft && team.draft.hidden ? t("reveal.hidden") : t("reveal.no_entry")),
        h("h3", null, t("reveal.drafts")),
        results.entries.map((entry) => paintTeam(h("article", {
          class: ["entry", "entry-result", entry.team_id === team.id && "is-own"],
        }, h("header", { class: "entry-head" },
          h("span", { class: "entry-team" }, entry.team_name),
          h("span", { class: "entry-score" }, scoreText(entry))),
        entry.promise ? h("p", { class: "entry-promise-line" }, entry.promise) : null,
        h("details", null, h("summary", null, t("reveal.read_all")), entryBlocks(entry))), entry.color)),
        results.model_response ? h("details", { class: "model" },
          h("summary", null, t("reveal.model_response")), paragraphs(results.model_response)) : null,
        h("h3", null, t("leaderboard.title")),
        leaderboard(state.session.leaderboard, { mine: team.id }));
    },
  };
}

// --- finished ----------------------------------------------------------------------

export function finishedScreen() {
  const el = h("section", { class: "screen screen-finished" });
  let builtKey = null;
  return {
    el,
    update(state) {
      const team = teamOf(state);
      const charter = (state.session.promises && state.session.promises.charter) || null;
      const key = JSON.stringify([state.session.leaderboard, state.session.wall, charter, team.id]);
      if (key === builtKey) return;
      builtKey = key;
      const promises = [];
      for (const card of state.session.wall || []) {
        for (const entry of card.teams || []) {
          if (entry.team_id === team.id) promises.push({ card_title: card.card_title, ...entry });
        }
      }
      const mine = (state.session.leaderboard || []).find((row) => row.team_id === team.id);
      fill(el,
        h("h2", null, t("finished.title")),
        // The room's own promises first: the workshop's outcome.
        charter ? [h("h3", null, t("promises.charter.title")), h("div", { class: "charter" }, charterBlocks(charter, team.id))]
          : null,
        mine ? paintTeam(h("div", { class: "score-banner" },
          h("p", { class: "score-points" }, t("finished.rank", { rank: mine.rank })),
          h("p", null, `${team.name} · ${tn("points", mine.points)}`)), team.color) : null,
        h("h3", null, t("leaderboard.final")),
        leaderboard(state.session.leaderboard, { mine: team.id }),
        h("h3", null, t("finished.your_promises")),
        promises.length ? promises.map((p) => paintTeam(h("article", { class: "entry promise-card" },
          h("p", { class: "eyebrow" }, p.card_title),
          entryBlocks(p, { response: false })), team.color)) : h("p", { class: "muted" }, t("finished.no_promises")),
        h("p", { class: "hint" }, t("finished.thanks")));
    },
  };
}

export const SCREENS = {
  lobby: lobbyScreen,
  story: storyScreen,
  diagnose: diagnoseScreen,
  draft: draftScreen,
  vote: voteScreen,
  reveal: revealScreen,
  finished: finishedScreen,
  ...PROMISES_SCREENS,
};
