// The deck loader's problem messages (game/core/deck.py, English, the same
// words `decks check` prints) in the interface language. Only the wording is
// translated here; the rules stay on the server. A message without a pattern
// below is shown as the server wrote it.

import { t, has } from "./i18n.js";

const KINDS = new Map([["text", "text"], ["a whole number", "number"], ["true or false", "bool"], ["a list", "list"], ["a table", "table"]]);

const PATTERNS = [
  [/^is required$/, "required"],
  [/^unknown field \(check the spelling against scenarios\/README\.md\)$/, "unknown_field"],
  [/^must be at most (?<max>\d+) characters, found (?<found>\d+)$/, "too_long"],
  [/^must not be empty$/, "empty"],
  [/^must be lowercase letters, digits and dashes, like 'leaky-tent', found (?<found>.*)$/s, "slug"],
  [/^must be one of (?<expected>.*), found (?<found>.*)$/s, "one_of"],
  [/^must be a whole number, found (?<found>.*)$/s, "whole_number"],
  [/^must be (?<kind>text|a whole number|true or false|a list|a table), found (?<found>.*)$/s, "type"],
  [/^needs 2 to 6 perspectives \(or none\), found (?<found>\d+)$/, "perspectives"],
  [/^needs (?<low>\d+) to (?<high>\d+) (?<noun>options|cards|tips|questions), found (?<found>\d+)$/, "count"],
  [/^must be 0 \(no timer\) or (?<low>\d+) to (?<high>\d+) seconds, found (?<found>-?\d+)$/, "timer"],
  [/^id '(?<id>.*)' is used twice$/s, "duplicate_id"],
  [/^mark at least one option with key = true$/, "key"],
  [/^translation_of must name the other language's deck, not this one$/, "translation_self"],
];

/** "must be at most 80 characters, found 91" -> "mag hoogstens 80 tekens zijn, nu 91" (in Dutch). */
export function problemText(message) {
  for (const [pattern, name] of PATTERNS) {
    const match = String(message).match(pattern);
    const key = `deckproblem.${name}`;
    if (!match || !has(key)) continue;
    const params = { ...(match.groups || {}) };
    if (params.kind) params.expected = t(`deckproblem.kind.${KINDS.get(params.kind)}`);
    if (params.noun) params.noun = t(`deckproblem.noun.${params.noun}`);
    return t(key, params);
  }
  return message;
}
