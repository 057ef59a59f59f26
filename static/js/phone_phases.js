// One screen per phase on the phone. Each factory returns {el, update(state)}
// and is rebuilt when the phase or the card changes; update() runs on every
// change of the view and keeps the elements it made (focus, scroll, typing).

import { h, fill, setText, teamStyle, paragraphs, lines } from "./dom.js";
import { t, tn, errorText, progressText } from "./i18n.js";
import { createDraftEditor } from "./draft_editor.js";

function teamOf(state) {
  return state.team || {};
}

function entryBody(entry) {
  const doList = lines(entry.we_do);
  const dontList = lines(entry.we_dont);
  return [
    entry.response ? h("div", { class: "entry-block" },
      h("h4", null, t("entry.response")), paragraphs(entry.response)) : null,
    entry.promise ? h("div", { class: "entry-block entry-promise" },
      h("h4", null, t("entry.promise")), h("p", null, entry.promise)) : null,
    doList.length ? h("div", { class: "entry-block" },
      h("h4", null, t("entry.we_do")), h("ul", { class: "do-list" }, doList.map((x) => h("li", null, x)))) : null,
    dontList.length ? h("div", { class: "entry-block" },
      h("h4", null, t("entry.we_dont")), h("ul", { class: "dont-list" }, dontList.map((x) => h("li", null, x)))) : null,
  ];
}

function leaderboardList(leaderboard, myTeamId) {
  return h("ol", { class: "leaderboard" }, (leaderboard || []).map((row) => h("li", {
    class: ["leader-row", row.team_id === myTeamId && "is-mine"], style: teamStyle(row.color),
  }, h("span", { class: "leader-rank" }, String(row.rank)),
  h("span", { class: "leader-name" }, row.name),
  h("span", { class: "leader-points" }, tn("points", row.points)))));
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
      Object.entries(teamStyle(team.color)).forEach(([k, v]) => teamName.style.setProperty(k, v));
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

  async function toggle(id) {
    const ticks = ctx.local.ticks;
    if (ticks.has(id)) ticks.delete(id);
    else ticks.add(id);
    const mine = ++seq;
    ctx.local.tickStatus = "saving";
    ctx.local.pending += 1;
    render();
    const ack = await ctx.send("diagnose", { options: options.map((o) => o.id).filter((o) => ticks.has(o)) });
    ctx.local.pending -= 1;
    if (mine !== seq) return; // a newer change is on its way
    ctx.local.tickStatus = ack.ok ? "saved" : "error";
    ctx.local.tickError = ack.ok ? null : errorText(ack.error);
    render();
  }

  function render() {
    for (const button of list.children) {
      const on = ctx.local.ticks.has(button.dataset.key);
      button.setAttribute("aria-checked", on ? "true" : "false");
      button.classList.toggle("is-on", on);
    }
    const s = ctx.local.tickStatus;
    setText(status, s === "saving" ? t("common.saving") : s === "saved" ? t("diagnose.saved", { n: ctx.local.ticks.size })
      : s === "error" ? ctx.local.tickError : "");
    status.dataset.kind = s || "";
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

export function draftScreen(ctx) {
  const editor = createDraftEditor({
    key: ctx.draftKey(), send: ctx.send, call: ctx.call, connected: ctx.connected,
  });
  ctx.local.editor = editor;
  setTimeout(() => editor.resume(), 0); // catch up with the team's document at once
  const title = h("h2", null, t("draft.title"));
  const teamLine = h("p", { class: "muted" });
  const submit = h("button", { type: "button", class: "btn btn-primary btn-block submit-toggle" });
  const submitNote = h("p", { class: "hint", "aria-live": "polite" });
  const progress = h("p", { class: "muted" });
  const el = h("section", { class: "screen screen-draft" },
    title, teamLine, editor.el,
    h("div", { class: "submit-bar" }, submit, submitNote, progress));
  let submitted = false;
  let busy = false;

  submit.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    const want = !submitted;
    submit.disabled = true;
    setText(submitNote, t("common.saving"));
    if (want) await editor.flush();
    const ack = await ctx.send("draft:submit", { submitted: want });
    busy = false;
    submit.disabled = false;
    if (ack.ok) {
      submitted = want;
      renderSubmit();
    } else {
      setText(submitNote, errorText(ack.error));
    }
  });

  function renderSubmit() {
    setText(submit, submitted ? t("draft.submitted") : t("draft.submit"));
    submit.classList.toggle("is-done", submitted);
    submit.setAttribute("aria-pressed", submitted ? "true" : "false");
    setText(submitNote, submitted ? t("draft.submitted_note") : t("draft.submit_note"));
  }

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
      setText(teamLine, t("draft.team_line", { team: team.name || "" }));
      editor.applyTeam(team);
      if (!busy && team.draft) {
        submitted = !!team.draft.submitted;
      }
      if (!busy) renderSubmit();
      if (team.draft && team.draft.hidden) setText(submitNote, t("draft.hidden_note"));
      setText(progress, progressText(state.session.phase, state.session.progress));
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

export function voteScreen(ctx) {
  const list = h("div", { class: "ballot" });
  const status = h("p", { class: "save-status", "aria-live": "polite" });
  const progress = h("p", { class: "muted" });
  const el = h("section", { class: "screen screen-vote" },
    h("h2", null, t("vote.title")), h("p", { class: "hint" }, t("vote.hint")), status, list, progress);
  let builtKey = null;
  let seq = 0;

  async function vote(entryId) {
    const previous = ctx.local.vote;
    ctx.local.vote = entryId;
    ctx.local.voteStatus = "saving";
    ctx.local.pending += 1;
    const mine = ++seq;
    render();
    const ack = await ctx.send("vote", { entry_id: entryId });
    ctx.local.pending -= 1;
    if (mine !== seq) return;
    if (ack.ok) {
      ctx.local.voteStatus = "saved";
    } else {
      ctx.local.vote = previous;
      ctx.local.voteStatus = "error";
      ctx.local.voteError = errorText(ack.error);
    }
    render();
  }

  function render() {
    for (const card of list.children) {
      const chosen = card.dataset.key === ctx.local.vote;
      card.classList.toggle("is-chosen", chosen);
      const button = card.querySelector("button");
      if (button && !button.disabled) {
        setText(button, chosen ? t("vote.chosen") : t("vote.choose", { entry: card.dataset.key }));
        button.setAttribute("aria-pressed", chosen ? "true" : "false");
      }
    }
    const s = ctx.local.voteStatus;
    setText(status, s === "saving" ? t("common.saving") : s === "saved" && ctx.local.vote
      ? t("vote.counted", { entry: ctx.local.vote }) : s === "error" ? ctx.local.voteError : "");
    status.dataset.kind = s || "";
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
        fill(list, votable.length ? null : h("p", { class: "notice" }, t("vote.nothing")),
          order.map((id) => {
            const entry = byId.get(id);
            const own = id === team.own_entry;
            const card = h("article", { class: ["entry", own && "is-own"] },
              h("header", { class: "entry-head" },
                h("span", { class: "entry-letter" }, id),
                own ? h("span", { class: "chip" }, t("vote.your_team")) : null),
              entryBody(entry),
              h("button", {
                type: "button", class: "btn btn-block vote-button", disabled: own,
                onclick: () => vote(id),
              }, own ? t("vote.own_disabled") : t("vote.choose", { entry: id })));
            card.dataset.key = id;
            return card;
          }));
      }
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
        mine ? h("div", { class: "score-banner", style: teamStyle(team.color) },
          h("p", { class: "score-points" }, tn("points", mine.points)),
          h("p", null, t("reveal.your_team", { team: team.name }) + " · " + tn("votes", mine.votes)))
          : h("p", { class: "notice" }, t("reveal.no_entry")),
        h("h3", null, t("reveal.drafts")),
        results.entries.map((entry) => h("article", {
          class: ["entry", "entry-result", entry.team_id === team.id && "is-own"], style: teamStyle(entry.color),
        }, h("header", { class: "entry-head" },
          h("span", { class: "entry-team" }, entry.team_name),
          h("span", { class: "entry-score" }, `${tn("votes", entry.votes)} · ${tn("points", entry.points)}`)),
        entry.promise ? h("p", { class: "entry-promise-line" }, entry.promise) : null,
        h("details", null, h("summary", null, t("reveal.read_all")), entryBody(entry)))),
        results.model_response ? h("details", { class: "model" },
          h("summary", null, t("reveal.model_response")), paragraphs(results.model_response)) : null,
        h("h3", null, t("leaderboard.title")),
        leaderboardList(state.session.leaderboard, team.id));
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
      const key = JSON.stringify([state.session.leaderboard, state.session.wall, team.id]);
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
        mine ? h("div", { class: "score-banner", style: teamStyle(team.color) },
          h("p", { class: "score-points" }, t("finished.rank", { rank: mine.rank })),
          h("p", null, `${team.name} · ${tn("points", mine.points)}`)) : null,
        h("h3", null, t("leaderboard.final")),
        leaderboardList(state.session.leaderboard, team.id),
        h("h3", null, t("finished.your_promises")),
        promises.length ? promises.map((p) => h("article", { class: "entry promise-card", style: teamStyle(team.color) },
          h("p", { class: "eyebrow" }, p.card_title),
          p.promise ? h("p", { class: "promise-text" }, p.promise) : null,
          entryBody({ we_do: p.we_do, we_dont: p.we_dont }))) : h("p", { class: "muted" }, t("finished.no_promises")),
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
};
