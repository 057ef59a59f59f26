// Text on the projector fits its box without ever going below a size the back
// row can read: a box's font shrinks (via --fit, a multiplier in its CSS) only
// down to a floor in pixels at 1920x1080 (scaled for smaller stages, such as the
// presenter's preview). Long words wrap (overflow-wrap in the CSS) rather than
// shrinking everything.

const BODY_FLOOR = 28 / 19.2; // 28 px where the stage unit is 19.2 px (1920x1080)

function unitOf(box) {
  const stage = box.closest(".stage");
  const width = stage ? stage.clientWidth : window.innerWidth;
  const height = stage ? stage.clientHeight : window.innerHeight;
  return Math.min(width / 100, (height * 1.7778) / 100);
}

const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

/**
 * Shrink `box` until nothing in it overflows, from `max` down to the floor. Returns
 * whether it fits. `parts` are inner boxes that must not overflow either.
 */
export function fit(box, { max = 1, parts = ".fit-card" } = {}) {
  const inner = () => [...box.querySelectorAll(parts)];
  const overflowing = () => overflows(box) || inner().some(overflows);
  box.style.setProperty("--fit", String(max));
  const base = parseFloat(getComputedStyle(box).fontSize) / max;
  const floor = (BODY_FLOOR * unitOf(box)) / base;
  let scale = max;
  while (overflowing() && scale - 0.05 >= floor) {
    scale -= 0.05;
    box.style.setProperty("--fit", scale.toFixed(2));
  }
  return !overflowing();
}

// Boxes to refit when the stage changes size (window resized, panel shown or hidden).
const fitted = new Set();

/** Fit now (after layout) and again whenever the stage changes size. */
export function keepFitted(box, run) {
  fitted.add([box, run]);
  requestAnimationFrame(run);
}

export function refitAll() {
  for (const entry of [...fitted]) {
    if (!entry[0].isConnected) fitted.delete(entry);
    else entry[1]();
  }
}
