// The card's facilitator notes (lesson, tips, questions, the model answer):
// on the presenter and the remote only, never on the projector page.

import { h, fill, paragraphs } from "./dom.js";
import { t } from "./i18n.js";

function list(titleKey, items) {
  return items && items.length ? h("div", null, h("h3", null, t(titleKey)), h("ul", null, items.map((x) => h("li", null, x)))) : null;
}

/** createNotes() -> {el, render(state) -> whether there is something to show} */
export function createNotes() {
  const el = h("div", { class: "hc-notes" });
  let key = null;
  function render(state) {
    const host = state.host || {};
    const notes = host.notes;
    const k = JSON.stringify([notes, host.model_response]);
    if (k !== key) {
      key = k;
      fill(el, notes ? [
        notes.lesson ? h("div", null, h("h3", null, t("controls.lesson")), paragraphs(notes.lesson, { class: "pre" })) : null,
        list("controls.tips", notes.tips),
        list("controls.questions", notes.questions),
        host.model_response ? h("details", null, h("summary", null, t("projector.model_response")),
          paragraphs(host.model_response, { class: "pre" })) : null,
      ] : null);
    }
    return Boolean(notes);
  }
  return { el, render };
}
