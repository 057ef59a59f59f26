// The steps of the projector's show, the same on the presenter and the
// projector: the reveal shows each draft on its own (lowest score first, the
// winner last), then the chart with the model answer, then the leaderboard;
// the finished session shows the final leaderboard, then the promise wall a
// page at a time. The server stores the step the facilitator is at (`step`).

export const WALL_PAGE_SIZE = 2;
// About what fits the projector's story column at the back row's size (28 px at 1920x1080).
export const STORY_PAGE_CHARS = 1300;

/** A long story in pages of whole paragraphs (a paragraph longer than a page is split at sentences). */
export function storyPages(text) {
  const pieces = [];
  for (const paragraph of String(text || "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    if (paragraph.length <= STORY_PAGE_CHARS) pieces.push(paragraph);
    else pieces.push(...(paragraph.match(/[^.!?]+[.!?]*\s*/g) || [paragraph]).map((s) => s.trim()));
  }
  const pages = [];
  let page = [];
  let size = 0;
  for (const piece of pieces) {
    if (page.length && size + piece.length > STORY_PAGE_CHARS) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(piece);
    size += piece.length;
  }
  if (page.length) pages.push(page);
  return pages.map((paragraphs) => ({ kind: "story", paragraphs }));
}

/** The reveal's steps: [{kind: "entry", entry, n, of}, ..., {kind: "answer"} (the chart), {kind: "model"}, {kind: "leaderboard"}]. */
export function revealSteps(session) {
  const results = session.results;
  if (!results) return [];
  // The server sorts by points, highest first; the show ends with the winner.
  const entries = [...results.entries].reverse();
  return [
    ...entries.map((entry, i) => ({ kind: "entry", entry, n: i + 1, of: entries.length })),
    { kind: "answer" },
    // The model answer on a screen of its own: a long one stays readable from the back row.
    ...(results.model_response ? [{ kind: "model" }] : []),
    { kind: "leaderboard" },
  ];
}

/** The charter's steps: all promises at a glance, then each with every team's behaviours. */
export function charterSteps(session) {
  const charter = (session.promises && session.promises.charter) || [];
  if (!charter.length) return [];
  return [{ kind: "charter", charter },
    ...charter.map((row, i) => ({ kind: "charter_promise", row, n: i + 1, of: charter.length }))];
}

/** The finished session's steps: the charter (if the session made one), the final leaderboard,
 * then one step per page of the cases' promises. */
export function finishedSteps(session) {
  const pages = [];
  for (const card of session.wall || []) {
    const promises = (card.teams || []).filter((entry) => (entry.promise || "").trim());
    for (let i = 0; i < promises.length; i += WALL_PAGE_SIZE) {
      pages.push({ kind: "wall", card_title: card.card_title, entries: promises.slice(i, i + WALL_PAGE_SIZE) });
    }
  }
  return [...charterSteps(session), { kind: "final" }, ...pages];
}

/** The steps of the session's current phase (a story of one page has one; none outside these phases). */
export function stepsOf(session) {
  if (session.phase === "story") return session.card ? storyPages(session.card.story) : [];
  if (session.phase === "reveal") return revealSteps(session);
  if (session.phase === "finished") return finishedSteps(session);
  if (session.phase === "commit") return charterSteps(session);
  return [];
}

/** The step shown, kept inside the list (the list can shrink when a draft is hidden). */
export function currentStep(session, screen) {
  const steps = stepsOf(session);
  const index = Math.max(0, Math.min(steps.length - 1, (screen && screen.step) || 0));
  return { steps, index, step: steps[index] || null };
}
