// The phone's language switch, "EN | NL". The choice is a cookie that the
// server's locale selector reads (game/web/i18n.py), so the page comes back
// with that catalog; the player token stays in localStorage, so the reload
// reconnects to the same seat and screen.

import { h } from "./dom.js";
import { t, lang } from "./i18n.js";

export const LANGUAGES = ["en", "nl"];
const COOKIE = "lang";
const ONE_YEAR = 365 * 24 * 3600;

export function chooseLanguage(code) {
  if (!LANGUAGES.includes(code)) return;
  document.cookie = `${COOKIE}=${code}; path=/; max-age=${ONE_YEAR}; SameSite=Lax`;
  // An explicit ?lang= would win over the cookie: drop it from the reloaded URL.
  const url = new URL(location.href);
  url.searchParams.delete("lang");
  location.replace(url.toString());
}

/** A small group of buttons; beforeSwitch() may return a promise (e.g. save a draft first). */
export function languageSwitch({ beforeSwitch = null, className = "" } = {}) {
  const buttons = LANGUAGES.map((code) => h("button", {
    type: "button", class: "lang-option", lang: code, "aria-pressed": String(code === lang),
    title: t(`switch.${code}`),
    onclick: async () => {
      if (code === lang) return;
      buttons.forEach((b) => { b.disabled = true; });
      if (beforeSwitch) {
        // Never strand the player on a slow network: give the save two seconds at most.
        await Promise.race([Promise.resolve().then(beforeSwitch).catch(() => {}),
          new Promise((resolve) => setTimeout(resolve, 2000))]);
      }
      chooseLanguage(code);
    },
  // Seen: "EN"; heard: "EN English". Each language is named in itself, so a reader who cannot
  // read the current one still finds theirs, and the spoken name contains the visible one.
  }, code.toUpperCase(), h("span", { class: "visually-hidden" }, ` ${t(`switch.${code}`)}`)));
  return h("div", { class: ["lang-switch", className], role: "group", "aria-label": t("switch.label") }, buttons);
}
