// The presenter's pace controls: start, next, pause/resume, +1 min, skip, end,
// the status line and the phase's progress. The label of Next names the phase
// that follows, as the host view says (`host.next_phase`): the client keeps no
// copy of the phase order.

import { h, setText } from "./dom.js";
import { t } from "./i18n.js";
import { createCountdown } from "./timer.js";
import { currentStep } from "./show_steps.js";
import { progressLine } from "./projector.js";

const IN_ROUND = new Set(["story", "diagnose", "draft", "vote", "reveal"]);

const STEP_LABEL = {
  story: () => t("controls.step.story"), entry: () => t("controls.step.entry"), answer: () => t("controls.step.answer"), model: () => t("controls.step.model"),
  leaderboard: () => t("controls.step.leaderboard"), final: () => t("controls.step.final"), wall: () => t("controls.step.wall"),
  charter: () => t("controls.step.charter"), charter_promise: () => t("controls.step.charter_promise"),
};

/** What Next does now: show the following step of the reveal or the wall, or move on. */
export function nextMove(state) {
  const { steps, index } = currentStep(state.session, state.screen);
  if (index + 1 < steps.length) {
    return { payload: { action: "step", step: index + 1 }, label: STEP_LABEL[steps[index + 1].kind]() };
  }
  if (state.session.phase === "finished") return null;
  // Next names the card and phase it was pressed in (a second device's press is stale_control).
  const from = { card_index: state.session.card_index, phase: state.session.phase };
  return { payload: { action: "next", ...from }, label: nextLabel(state.session, state.host) };
}

/** Back one step of the reveal or the wall (null at the first step or outside them). */
export function backMove(state) {
  const { index } = currentStep(state.session, state.screen);
  return index > 0 ? { payload: { action: "step", step: index - 1 } } : null;
}

/** The words on Next: where it leads, when the host view tells us. */
export function nextLabel(session, host) {
  const next = host && host.next_phase;
  if (session.phase === "reveal" || next === "finished") {
    if (next === "finished" || (!next && session.card_index + 1 >= session.card_count)) return t("controls.finish");
    return t("controls.next_card");
  }
  return next ? t("controls.next_to", { phase: t(`phase.${next}`) }) : t("controls.next");
}

/** createPace({control, act}) -> {el, status, countdown, render(state), forward(), back()}. */
export function createPace({ control, act }) {
  let last = null;
  const move = (which) => (e) => {
    const m = last && which(last);
    if (m) act("host:control", m.payload, e && e.currentTarget);
  };
  const confirmed = (key, action) => (e) => { if (confirm(t(key))) control(action)(e); };
  const button = (label, onclick, cls = "btn") => h("button", { type: "button", class: cls, onclick }, label);
  const buttons = {
    start: button(t("controls.start"), control("start"), "btn btn-primary"),
    next: button(t("controls.next"), move(nextMove), "btn btn-primary"),
    back: button(t("controls.back"), move(backMove), "btn hc-back"),
    pause: button(t("controls.pause"), control("pause")),
    resume: button(t("controls.resume"), control("resume")),
    extend: button(t("controls.extend"), control("extend", { seconds: 60 })),
    skip: button(t("controls.skip"), confirmed("controls.skip_confirm", "skip")),
    end: button(t("controls.end"), confirmed("controls.end_confirm", "end"), "btn btn-danger"),
  };
  const startHint = h("p", { class: "hc-hint" });
  const progress = h("p", { class: "hc-progress", id: "presenter-progress" });
  const timerRow = h("div", { class: "hc-row hc-timer-row" }, buttons.pause, buttons.resume, buttons.extend);
  const el = h("section", { class: "hc-section hc-pace" },
    h("div", { class: "hc-row hc-main" }, buttons.start, buttons.back, buttons.next),
    startHint, timerRow,
    h("div", { class: "hc-row" }, buttons.skip, buttons.end),
    progress);
  const status = h("p", { class: "hc-status" });
  const countdown = createCountdown("countdown hc-countdown");

  function render(state) {
    last = state;
    const s = state.session;
    const phase = s.phase;
    const timer = s.timer || {};
    const inRound = IN_ROUND.has(phase);
    const paused = typeof timer.paused_remaining === "number";
    buttons.start.hidden = phase !== "lobby";
    const next = nextMove(state);
    buttons.next.hidden = phase === "lobby" || !next;
    setText(buttons.next, next ? next.label : "");
    buttons.back.hidden = !backMove(state);
    buttons.start.disabled = !(s.player_count > 0);
    setText(startHint, phase === "lobby" && !(s.player_count > 0) ? t("controls.start_hint") : "");
    buttons.pause.hidden = !(typeof timer.deadline === "number" && !paused);
    buttons.resume.hidden = !paused;
    // Extending a phase without a timer gives it one (a minute to wrap up).
    buttons.extend.disabled = !inRound;
    timerRow.hidden = !inRound;
    buttons.skip.hidden = !inRound;
    buttons.end.hidden = phase === "finished";
    const card = s.card ? ` · ${t("phase.card_of", { n: s.card_index + 1, total: s.card_count })}` : "";
    setText(status, `${t(`phase.${phase}`)}${card}`);
    setText(progress, progressLine(s));
    countdown.update(s.timer);
  }

  // The keys move the show's steps only: a stray key press never ends a phase.
  const stepOnly = (s) => { const m = nextMove(s); return m && m.payload.action === "step" ? m : null; };
  return { el, status, countdown, render, forward: move(stepOnly), back: move(backMove) };
}
