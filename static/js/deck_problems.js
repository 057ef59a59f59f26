// The deck loader's problems (game/core/deck.py) in the interface language. The
// server names each problem's code and values (PROBLEM_MESSAGES there); only the
// wording happens here, the rules stay on the server.

import { t, has } from "./i18n.js";

/** A problem from the deck API ({code, params, message}) in the interface language:
 * "deckproblem.<code>" filled with its params; a problem without a known code keeps the server's words. */
export function problemText(problem) {
  const key = `deckproblem.${problem.code}`;
  if (!problem.code || !has(key)) return problem.message;
  const params = { ...(problem.params || {}) };
  if (params.kind) params.expected = t(`deckproblem.kind.${params.kind}`);
  if (params.noun) params.noun = t(`deckproblem.noun.${params.noun}`);
  return t(key, params);
}
