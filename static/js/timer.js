// The countdown: rendered from the server's deadline, corrected by the clock
// offset. The client never ends a phase itself; it only shows the time.

import { h } from "./dom.js";
import { clock } from "./net.js";
import { t } from "./i18n.js";

export function formatSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** Seconds left, whether paused, and whether there is a timer at all. */
export function remaining(timer) {
  if (!timer) return { active: false };
  if (typeof timer.paused_remaining === "number") {
    return { active: true, paused: true, seconds: timer.paused_remaining };
  }
  if (typeof timer.deadline === "number") {
    return { active: true, paused: false, seconds: Math.max(0, timer.deadline - clock.now()) };
  }
  return { active: false };
}

/**
 * A countdown element. Call update(timer) with session.timer whenever it
 * changes; it ticks by itself in between.
 */
export function createCountdown(className = "countdown") {
  const time = h("span", { class: "countdown-time" });
  const note = h("span", { class: "countdown-note" });
  const el = h("div", { class: className, role: "timer", "aria-live": "off", hidden: true }, time, note);
  let current = null;

  function render() {
    const left = remaining(current);
    el.hidden = !left.active;
    if (!left.active) return;
    const text = formatSeconds(left.seconds);
    if (time.textContent !== text) time.textContent = text;
    const noteText = left.paused ? t("timer.paused") : "";
    if (note.textContent !== noteText) note.textContent = noteText;
    el.classList.toggle("is-paused", left.paused);
    el.classList.toggle("is-urgent", !left.paused && left.seconds <= 10);
    el.classList.toggle("is-over", !left.paused && left.seconds <= 0);
  }

  setInterval(render, 250);
  return {
    el,
    update(timer) {
      current = timer || null;
      render();
    },
  };
}
