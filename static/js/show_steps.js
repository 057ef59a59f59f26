// The steps of the projector's show, the same on the presenter and the
// projector: the reveal shows each draft on its own (lowest score first, the
// winner last), then the chart with the model answer, then the leaderboard;
// the finished session shows the final leaderboard, then the promise wall a
// page at a time. The server stores the step the facilitator is at (`step`).

export const WALL_PAGE_SIZE = 2;

/** The reveal's steps: [{kind: "entry", entry, n, of}, ..., {kind: "answer"}, {kind: "leaderboard"}]. */
export function revealSteps(session) {
  const results = session.results;
  if (!results) return [];
  // The server sorts by points, highest first; the show ends with the winner.
  const entries = [...results.entries].reverse();
  return [
    ...entries.map((entry, i) => ({ kind: "entry", entry, n: i + 1, of: entries.length })),
    { kind: "answer" },
    { kind: "leaderboard" },
  ];
}

/** The finished session's steps: the final leaderboard, then one step per page of promises. */
export function finishedSteps(session) {
  const pages = [];
  for (const card of session.wall || []) {
    const promises = (card.teams || []).filter((entry) => (entry.promise || "").trim());
    for (let i = 0; i < promises.length; i += WALL_PAGE_SIZE) {
      pages.push({ kind: "wall", card_title: card.card_title, entries: promises.slice(i, i + WALL_PAGE_SIZE) });
    }
  }
  return [{ kind: "final" }, ...pages];
}

/** The steps of the session's current phase (none outside the reveal and the end). */
export function stepsOf(session) {
  if (session.phase === "reveal") return revealSteps(session);
  if (session.phase === "finished") return finishedSteps(session);
  return [];
}

/** The step shown, kept inside the list (the list can shrink when a draft is hidden). */
export function currentStep(session, screen) {
  const steps = stepsOf(session);
  const index = Math.max(0, Math.min(steps.length - 1, (screen && screen.step) || 0));
  return { steps, index, step: steps[index] || null };
}
