// Interface strings. The server inlines the page language's catalog, read from
// the Flask-Babel translations that also feed the Jinja global t() (source:
// game/web/translations/<lang>/LC_MESSAGES/messages.po), in every page as
// <script type="application/json" id="i18n">. Keys are grouped with dots
// ("phase.diagnose"); "{name}" placeholders are filled from params.

let catalog = {};
try {
  const el = document.getElementById("i18n");
  if (el) catalog = JSON.parse(el.textContent || "{}") || {};
} catch (error) {
  console.error("i18n catalog could not be read", error);
}

export const lang = document.documentElement.lang || "en";

export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalog, key);
}

/** t("progress.players", {done: 3, total: 4}) -> "3 of 4 players" */
export function t(key, params) {
  let text = has(key) ? catalog[key] : key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
  }
  return text;
}

/** Pick "key.one" or "key.other" by count, with {n} filled in. */
export function tn(key, n, params = {}) {
  return t(`${key}.${n === 1 ? "one" : "other"}`, { n, ...params });
}

/** A server error ({code, message}) in the interface language. */
export function errorText(error) {
  if (!error) return t("error.generic");
  const key = `error.${error.code}`;
  if (has(key)) return t(key);
  return error.message || t("error.generic");
}

/** "12 of 20 players answered", "3 of 4 teams submitted", "8 of 20 voted". */
export function progressText(phase, progress) {
  if (!progress) return "";
  const key = { diagnose: "progress.diagnose", draft: "progress.draft", vote: "progress.vote" }[phase]
    || (progress.unit === "teams" ? "progress.teams" : "progress.players");
  return t(key, { done: progress.done, total: progress.total });
}
