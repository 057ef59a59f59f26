// The editor's forms: the deck's own fields, and one card's fields. Every
// input carries its field path (data-path on its .field wrapper), which is
// where the server's problem for that path is shown. Inputs write straight
// into the deck data; lists (options, perspectives, tips, questions) are
// edited with add / remove / move buttons.

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { getAt, setAt, slugify, newOption, isPromises } from "./deck_model.js";

const TIMERS = ["story", "diagnose", "draft", "vote", "reveal"];
const PROMISE_TIMERS = ["collect", "group", "choose", "live", "commit"];
const PROMPTS = ["collect", "we_do", "we_dont", "appreciate", "measure", "first_step"];
const ARCHETYPES = ["feeler", "entertainer", "thinker", "controller"];

function inputId(path) {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

/**
 * createForms({deck, limits, onInput(path), onListChange(focusPath)})
 * deck() returns the current data; onInput runs after every keystroke.
 */
export function createForms({ deck, limits, onInput, onListChange, isSaved }) {
  function field(path, label, { kind = "text", rows = 3, hint = null, placeholder = null, choices = null,
    wide = false, mono = false } = {}) {
    const id = inputId(path);
    const value = getAt(deck(), path);
    let input;
    if (kind === "textarea") {
      input = h("textarea", { id, rows, placeholder }, value === undefined ? "" : String(value));
    } else if (kind === "select") {
      input = h("select", { id }, choices.map(([v, text]) => h("option", { value: v, selected: (value || "") === v }, text)));
    } else if (kind === "checkbox") {
      input = h("input", { id, type: "checkbox", checked: !!value });
    } else if (kind === "number") {
      input = h("input", { id, type: "number", min: 0, max: limits.max_timer, step: 1, inputmode: "numeric", placeholder,
        value: value === undefined ? "" : String(value) });
    } else {
      input = h("input", { id, type: "text", placeholder, autocomplete: "off", spellcheck: mono ? "false" : null,
        class: mono ? "mono" : null, value: value === undefined ? "" : String(value) });
    }
    input.dataset.bind = path;
    const read = () => {
      if (kind === "checkbox") return input.checked;
      if (kind === "number") return input.value === "" ? undefined : Number(input.value);
      return input.value;
    };
    input.addEventListener(kind === "checkbox" || kind === "select" ? "change" : "input", () => {
      setAt(deck(), path, read());
      onInput(path);
    });
    input.addEventListener("blur", () => onInput(path, { blur: true }));
    const problem = h("p", { class: "field-problem", id: `${id}-problem`, hidden: true });
    input.setAttribute("aria-describedby", `${id}-problem`);
    const labelEl = h("label", { for: id, class: "field-label" }, label);
    const wrap = kind === "checkbox"
      ? h("div", { class: "field field-check" }, input, labelEl, problem)
      : h("div", { class: ["field", wide && "field-wide"] }, labelEl,
        hint ? h("p", { class: "field-hint" }, hint) : null, input, problem);
    wrap.dataset.path = path;
    return wrap;
  }

  /** When a title or label changes, an id that was made from the old text follows the new one. */
  function followSlug(textPath, idPath, container, active = () => true) {
    let previous = slugify(getAt(deck(), textPath));
    const text = container.querySelector(`[data-bind="${CSS.escape(textPath)}"]`);
    const idInput = container.querySelector(`[data-bind="${CSS.escape(idPath)}"]`);
    if (!text || !idInput) return;
    text.addEventListener("input", () => {
      const current = getAt(deck(), idPath) || "";
      const next = slugify(text.value);
      if (active() && (!current || current === previous)) {
        setAt(deck(), idPath, next);
        idInput.value = next;
        onInput(idPath);
      }
      previous = next;
    });
  }

  function moveButtons(listPath, index, length, noun) {
    const move = (delta) => {
      const list = getAt(deck(), listPath);
      const [item] = list.splice(index, 1);
      list.splice(index + delta, 0, item);
      onListChange(`${listPath}[${index + delta}]`);
    };
    const remove = () => {
      getAt(deck(), listPath).splice(index, 1);
      onListChange(length > 1 ? `${listPath}[${Math.max(0, index - 1)}]` : listPath);
    };
    return h("div", { class: "row-tools" },
      h("button", { type: "button", class: "btn btn-icon", disabled: index === 0, onclick: () => move(-1),
        "aria-label": t("editor.move_up_item", { item: noun, n: index + 1 }), title: t("editor.move_up") }, "↑"),
      h("button", { type: "button", class: "btn btn-icon", disabled: index === length - 1, onclick: () => move(1),
        "aria-label": t("editor.move_down_item", { item: noun, n: index + 1 }), title: t("editor.move_down") }, "↓"),
      h("button", { type: "button", class: "btn btn-icon btn-danger-quiet", onclick: remove,
        "aria-label": t("editor.remove_item", { item: noun, n: index + 1 }), title: t("editor.remove") }, "✕"));
  }

  function listField(path, label, { hint = null, rowOf, add, addLabel, noun }) {
    const items = getAt(deck(), path) || [];
    const problem = h("p", { class: "field-problem", hidden: true });
    const rows = items.map((item, i) => h("div", { class: "list-row", dataset: { index: String(i) } },
      h("div", { class: "list-row-body" }, rowOf(`${path}[${i}]`, i)),
      moveButtons(path, i, items.length, noun)));
    const wrap = h("fieldset", { class: "field list-field" },
      h("legend", { class: "field-label" }, label),
      hint ? h("p", { class: "field-hint" }, hint) : null,
      problem,
      h("div", { class: "list-rows" }, rows),
      h("button", { type: "button", class: "btn btn-small", onclick: () => {
        if (!Array.isArray(getAt(deck(), path))) setAt(deck(), path, []);
        getAt(deck(), path).push(add());
        onListChange(`${path}[${getAt(deck(), path).length - 1}]`);
      } }, addLabel));
    wrap.dataset.path = path;
    return wrap;
  }

  function section(title, ...children) {
    return h("section", { class: "form-section" }, h("h3", null, title), children);
  }

  function timerFields(prefix, placeholders, hint, phases = TIMERS) {
    return h("div", { class: "timer-grid" },
      phases.map((phase) => field(`${prefix}.${phase}`, t(`phase.${phase}`), {
        kind: "number", placeholder: String(placeholders[phase] ?? ""),
      })), h("p", { class: "field-hint timer-hint" }, hint));
  }

  function deckForm() {
    const defaults = limits.timers;
    const el = h("div", { class: "deck-form" },
      h("h2", null, t("editor.deck_settings")),
      section(t("editor.section_deck"),
        field("title", t("editor.deck_title"), { wide: true }),
        field("id", t("editor.deck_id"), { hint: t("editor.id_hint"), mono: true }),
        field("language", t("editor.language"), {
          kind: "select", choices: [["nl", t("language.nl")], ["en", t("language.en")]],
        }),
        field("author", t("editor.author")),
        field("description", t("editor.description"), { kind: "textarea", rows: 3, wide: true }),
        field("translation_of", t("editor.translation_of"), { hint: t("editor.translation_of_hint"), mono: true }),
        field("end_with_promises", t("editor.end_with_promises"), { kind: "checkbox" }),
        h("p", { class: "field-hint" }, t("editor.end_with_promises_hint"))),
      section(t("editor.section_timers"),
        timerFields("timers", defaults, t("editor.timers_hint", { min: limits.min_timer, max: limits.max_timer }))));
    // A saved deck keeps its id when its title changes (renaming is a deliberate edit of the id).
    followSlug("title", "id", el, () => !isSaved());
    return el;
  }

  /** The closing promises activity's fields (deck activity type "promises"). */
  function notesFields(card, ...extra) {
    return section(t("editor.section_notes"),
      field(`${card}.notes.lesson`, t("editor.lesson"), { kind: "textarea", rows: 5, wide: true, hint: t("editor.lesson_hint") }),
      listField(`${card}.notes.tips`, t("editor.tips"), {
        noun: t("editor.tip"), addLabel: t("editor.add_tip"), add: () => "",
        rowOf: (p, i) => [field(p, t("editor.tip_n", { n: i + 1 }))],
      }),
      listField(`${card}.notes.questions`, t("editor.questions"), {
        noun: t("editor.question_item"), addLabel: t("editor.add_question"), add: () => "",
        rowOf: (p, i) => [field(p, t("editor.question_n", { n: i + 1 }))],
      }),
      ...extra);
  }

  function promisesForm(index) {
    const data = deck();
    const card = `cards[${index}]`;
    const el = h("div", { class: "card-form" },
      h("h2", null, t("editor.promises_heading")),
      h("p", { class: "field-hint" }, t("editor.promises_hint")),
      section(t("editor.section_card"),
        field(`${card}.title`, t("editor.card_title"), { wide: true }),
        field(`${card}.id`, t("editor.card_id"), { hint: t("editor.id_hint"), mono: true }),
        field(`${card}.intro`, t("editor.promises_intro"), { kind: "textarea", rows: 3, wide: true })),
      section(t("editor.section_prompts"),
        PROMPTS.map((name) => field(`${card}.prompts.${name}`, t(`editor.prompt_${name}`), { kind: "textarea", rows: 2, wide: true }))),
      notesFields(card),
      section(t("editor.section_card_timers"),
        timerFields(`${card}.timers`, { ...limits.timers, ...(data.timers || {}) }, t("editor.card_timers_hint"), PROMISE_TIMERS)));
    followSlug(`${card}.title`, `${card}.id`, el);
    return el;
  }

  function cardForm(index) {
    const data = deck();
    if (isPromises((data.cards || [])[index])) return promisesForm(index);
    const card = `cards[${index}]`;
    const deckTimers = { ...limits.timers, ...(data.timers || {}) };
    const question = limits.default_question[data.language] || limits.default_question.en;
    const el = h("div", { class: "card-form" },
      h("h2", null, t("editor.card_n", { n: index + 1, total: (data.cards || []).length })),
      section(t("editor.section_card"),
        field(`${card}.title`, t("editor.card_title"), { wide: true }),
        field(`${card}.id`, t("editor.card_id"), { hint: t("editor.id_hint"), mono: true })),
      section(t("editor.section_customer"),
        field(`${card}.customer.name`, t("editor.customer_name")),
        field(`${card}.customer.archetype`, t("editor.archetype"), {
          kind: "select", choices: [["", t("editor.archetype_none")], ...ARCHETYPES.map((a) => [a, t(`archetype.${a}`)])],
        }),
        field(`${card}.customer.persona`, t("editor.persona"), { wide: true }),
        field(`${card}.customer.feeling`, t("editor.feeling"), { wide: true, hint: t("editor.feeling_hint") })),
      section(t("editor.section_story"),
        field(`${card}.story`, t("editor.story"), { kind: "textarea", rows: 8, wide: true, hint: t("editor.story_hint") }),
        field(`${card}.short_story`, t("editor.short_story"), { kind: "textarea", rows: 4, wide: true, hint: t("editor.short_story_hint") })),
      section(t("editor.section_perspectives"),
        listField(`${card}.perspectives`, t("editor.perspectives"), {
          hint: t("editor.perspectives_hint"), noun: t("editor.perspective"), addLabel: t("editor.add_perspective"),
          add: () => ({ role: "", text: "" }),
          rowOf: (p) => [field(`${p}.role`, t("editor.role")),
            field(`${p}.text`, t("editor.perspective_text"), { kind: "textarea", rows: 3 })],
        })),
      section(t("editor.section_diagnose"),
        field(`${card}.diagnose.question`, t("editor.question"), { wide: true, placeholder: question, hint: t("editor.question_hint") }),
        listField(`${card}.diagnose.options`, t("editor.options"), {
          hint: t("editor.options_hint"), noun: t("editor.option"), addLabel: t("editor.add_option"),
          add: () => newOption(),
          rowOf: (p) => [field(`${p}.label`, t("editor.option_label")),
            field(`${p}.id`, t("editor.option_id"), { mono: true }),
            field(`${p}.key`, t("editor.option_key"), { kind: "checkbox" })],
        })),
      section(t("editor.section_prompts"),
        field(`${card}.prompts.response`, t("editor.prompt_response"), { kind: "textarea", rows: 2, wide: true }),
        field(`${card}.prompts.promise`, t("editor.prompt_promise"), { kind: "textarea", rows: 2, wide: true }),
        field(`${card}.prompts.behaviours`, t("editor.prompt_behaviours"), { kind: "textarea", rows: 2, wide: true })),
      notesFields(card,
        field(`${card}.model_response`, t("editor.model_response"), { kind: "textarea", rows: 4, wide: true, hint: t("editor.model_response_hint") })),
      section(t("editor.section_card_timers"),
        timerFields(`${card}.timers`, deckTimers, t("editor.card_timers_hint"))));
    followSlug(`${card}.title`, `${card}.id`, el);
    (getAt(data, `${card}.diagnose.options`) || []).forEach((_o, i) =>
      followSlug(`${card}.diagnose.options[${i}].label`, `${card}.diagnose.options[${i}].id`, el));
    return el;
  }

  return { deckForm, cardForm };
}
