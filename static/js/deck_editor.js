// The deck editor page: the deck's fields and its cards, problems from the
// server shown next to their fields as you type, a live preview, and a save
// that names the version it started from (a conflict is shown, never lost).
// Unsaved work is also kept in this browser's localStorage until it is saved.

import { $, h, fill, setText } from "./dom.js";
import { t, tn, errorText } from "./i18n.js";
import { storage } from "./net.js";
import { deckApi, localTime } from "./deck_net.js";
import { createForms } from "./deck_form.js";
import { createPreview } from "./deck_preview.js";
import { newCard, newDeck, newPromisesActivity, isPromises, toPayload, pathAndParents } from "./deck_model.js";
import { problemText } from "./deck_problems.js";

const page = JSON.parse($("#page").textContent);
const limits = page.limits;
const VALIDATE_MS = 400;
const KEEP_MS = 300;

const state = {
  deck: null,
  savedId: page.deck_id, // the id the server knows this deck by (null until the first save)
  version: null,
  selected: "deck", // "deck" or a card index
  problems: [],
  showAll: false, // a new deck shows a field's problem once it was touched; after a save, all
  touched: new Set(),
  dirty: false,
  edits: 0, // counts changes, so a save knows whether typing went on while it was on its way
  saving: false,
};

const el = {
  title: $("#editor-title"),
  summary: $("#problem-summary"),
  problemList: $("#problem-list"),
  status: $("#save-status"),
  save: $("#save"),
  nav: $("#nav-deck"),
  cards: $("#card-list"),
  addCard: $("#add-card"),
  addPromises: $("#add-promises"),
  pane: $("#form-pane"),
  restore: $("#restore"),
  conflict: $("#conflict"),
  exportLink: $("#export-link"),
};

/** The export link downloads the saved version, so it appears once there is one. */
function showExport() {
  el.exportLink.hidden = state.version === null;
  if (state.savedId) {
    el.exportLink.href = `/api/decks/${encodeURIComponent(state.savedId)}/export.toml`;
    el.exportLink.setAttribute("download", `${state.savedId}.toml`);
  }
}

const draftKey = (id) => `cxgame.deckdraft.${id || "new"}`;
let validateTimer = null;
let validateSeq = 0;
let keepTimer = null;
let previewTimer = null;

const forms = createForms({
  deck: () => state.deck,
  limits,
  isSaved: () => state.version !== null,
  onInput(path, { blur = false } = {}) {
    state.touched.add(path);
    if (blur) {
      renderProblems();
      return;
    }
    changed();
    if (/^cards\[\d+\]\.title$/.test(path) || path === "title") renderNav();
  },
  onListChange(focusPath) {
    state.touched.add(focusPath);
    changed();
    renderPane();
    focusPath && focusField(focusPath);
  },
});

const preview = createPreview($("#preview"), { limits });

// --- changes ------------------------------------------------------------------------

function changed() {
  state.dirty = true;
  state.edits += 1;
  if (!state.saving) setStatus(t("editor.unsaved"), "");
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validate, VALIDATE_MS);
  clearTimeout(keepTimer);
  keepTimer = setTimeout(keep, KEEP_MS);
  clearTimeout(previewTimer);
  previewTimer = setTimeout(showPreview, 250);
}

function keep() {
  storage.set(draftKey(state.savedId), JSON.stringify({
    deck: state.deck, version: state.version, at: Date.now() / 1000,
  }));
}

async function validate() {
  const mine = ++validateSeq;
  const result = await deckApi("POST", "/api/decks/validate", { deck: toPayload(state.deck) });
  if (mine !== validateSeq || !result.ok) return; // a newer check is on its way, or the network hiccuped
  state.problems = result.data.problems;
  renderProblems();
}

// --- rendering ----------------------------------------------------------------------

function cardLabel(card, index) {
  return `${index + 1}. ${(card && card.title) || t("editor.untitled_card")}`;
}

function renderNav() {
  const cards = state.deck.cards || [];
  setText(el.title, state.deck.title || t("editor.new_deck"));
  el.addPromises.hidden = cards.some(isPromises); // one promises activity per deck
  el.nav.setAttribute("aria-current", state.selected === "deck" ? "true" : "false");
  fill(el.cards, cards.map((card, i) => h("li", {
    class: ["card-item", state.selected === i && "is-selected"], dataset: { index: String(i) },
    // Dragging is a shortcut for the mouse; the ↑ ↓ buttons do the same from the keyboard.
    draggable: "true",
    ondragstart: (event) => { event.dataTransfer.setData("text/x-card", String(i)); event.dataTransfer.effectAllowed = "move"; },
    ondragover: (event) => { if (event.dataTransfer.types.includes("text/x-card")) event.preventDefault(); },
    ondrop: (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer.getData("text/x-card"));
      if (Number.isInteger(from) && from !== i) moveCard(from, i - from);
    },
  },
    h("button", { type: "button", class: "card-pick", "aria-current": state.selected === i ? "true" : "false", onclick: () => select(i) },
      h("span", { class: "card-pick-label" }, cardLabel(card, i)),
      h("span", { class: "badge", hidden: true })),
    h("div", { class: "row-tools" },
      h("button", { type: "button", class: "btn btn-icon", disabled: i === 0, title: t("editor.move_up"),
        "aria-label": t("editor.move_card_up", { n: i + 1 }), onclick: () => moveCard(i, -1) }, "↑"),
      h("button", { type: "button", class: "btn btn-icon", disabled: i === cards.length - 1, title: t("editor.move_down"),
        "aria-label": t("editor.move_card_down", { n: i + 1 }), onclick: () => moveCard(i, 1) }, "↓"),
      h("button", { type: "button", class: "btn btn-icon btn-danger-quiet", title: t("editor.remove"),
        "aria-label": t("editor.remove_card", { n: i + 1 }), onclick: () => removeCard(i) }, "✕")))));
  renderProblems();
}

function renderPane() {
  const index = state.selected;
  fill(el.pane, index === "deck" ? forms.deckForm() : forms.cardForm(index));
  renderNav();
  showPreview();
}

function showPreview() {
  preview.show(state.deck, state.selected === "deck" ? 0 : state.selected);
}

function visible(target) {
  if (state.showAll) return true;
  for (const path of state.touched) {
    if (path === target || path.startsWith(`${target}.`) || path.startsWith(`${target}[`) || target.startsWith(path)) return true;
  }
  return false;
}

function fieldFor(path) {
  for (const candidate of pathAndParents(path)) {
    // A card that is not on screen keeps its problems to itself (its badge counts them).
    if (candidate === "cards" && path !== "cards") return null;
    const found = document.querySelector(`.field[data-path="${CSS.escape(candidate)}"]`);
    if (found) return found;
  }
  return null;
}

/** A problem's place as the trainer sees it: "Card 2 · Title", not "cards[1].title". */
function fieldName(path) {
  if (!path) return t("editor.whole_deck");
  const field = fieldFor(path);
  const label = field && field.querySelector("label, legend");
  const card = path.match(/^cards\[(\d+)\]/);
  const where = card ? `${t("editor.card_n", { n: Number(card[1]) + 1, total: (state.deck.cards || []).length })} · ` : "";
  const own = label ? label.textContent.trim() : path.replace(/^cards\[\d+\]\.?/, "").replace(/\[(\d+)\]/g, (m, i) => ` ${Number(i) + 1}`);
  return `${where}${own}`;
}

/** The rest of a problem's path below the field that shows it, as the trainer counts rows: "[2].label" -> "#3". */
function rowName(rest) {
  const row = rest.match(/^\[(\d+)\]/);
  return row ? `#${Number(row[1]) + 1}` : rest.replace(/^\./, "").replace(/_/g, " ");
}

function renderProblems() {
  for (const field of document.querySelectorAll(".field.is-invalid")) field.classList.remove("is-invalid");
  for (const p of document.querySelectorAll(".field-problem")) {
    p.hidden = true;
    p.textContent = "";
  }
  const perCard = new Map();
  let deckLevel = 0;
  // A new deck is not scolded before anything is typed: a problem shows once its field was touched, all after a save.
  const shown = state.problems.filter((problem) => visible(problem.path));
  for (const problem of shown) {
    const card = problem.path.match(/^cards\[(\d+)\]/);
    if (card) perCard.set(Number(card[1]), (perCard.get(Number(card[1])) || 0) + 1);
    else deckLevel += 1;
    const field = fieldFor(problem.path);
    if (!field || !visible(field.dataset.path)) continue;
    const box = field.querySelector(":scope > .field-problem");
    if (!box) continue;
    const where = problem.path !== field.dataset.path ? `${rowName(problem.path.slice(field.dataset.path.length))}: ` : "";
    box.appendChild(h("span", null, where + problemText(problem)));
    box.hidden = false;
    field.classList.add("is-invalid");
  }
  for (const item of el.cards.children) {
    const n = perCard.get(Number(item.dataset.index)) || 0;
    const badge = item.querySelector(".badge");
    badge.hidden = n === 0;
    setText(badge, n ? String(n) : "");
    badge.setAttribute("aria-label", n ? tn("editor.problems", n) : "");
  }
  const navBadge = el.nav.querySelector(".badge");
  navBadge.hidden = deckLevel === 0;
  setText(navBadge, deckLevel ? String(deckLevel) : "");

  const count = shown.length;
  const waiting = !count && state.problems.length > 0;
  setText(el.summary, count ? tn("editor.problems", count) : waiting ? t("editor.not_checked") : t("editor.no_problems"));
  el.summary.dataset.kind = count ? "bad" : waiting ? "wait" : "ok";
  el.summary.disabled = count === 0;
  fill(el.problemList.querySelector("ul"), shown.map((problem) => h("li", null,
    h("button", { type: "button", class: "link-button", onclick: () => goTo(problem.path) }, fieldName(problem.path)),
    " ", problemText(problem))));
  if (!count) el.problemList.hidden = true;
}

function focusField(path) {
  const field = fieldFor(path);
  if (!field) return;
  const input = field.querySelector("input, textarea, select, button");
  if (input) {
    input.focus();
    field.scrollIntoView({ block: "center" });
  }
}

function goTo(path) {
  const card = path.match(/^cards\[(\d+)\]/);
  const target = card ? Number(card[1]) : "deck";
  state.showAll = true;
  if (target !== state.selected && !(path === "cards")) {
    state.selected = target;
    renderPane();
  } else {
    renderProblems();
  }
  focusField(path);
}

// --- cards ---------------------------------------------------------------------------

function select(index) {
  state.selected = index;
  renderPane();
  el.pane.querySelector("input, textarea")?.focus();
}

function moveCard(index, delta) {
  const cards = state.deck.cards;
  const selected = typeof state.selected === "number" ? cards[state.selected] : null;
  const [card] = cards.splice(index, 1);
  cards.splice(index + delta, 0, card);
  if (selected) state.selected = cards.indexOf(selected); // the open card stays open wherever it went
  changed();
  renderPane();
  // Keep the keyboard on the same card's move button in its new place (or its name, at the end of the list).
  const item = el.cards.children[index + delta];
  const again = item && item.querySelectorAll(".row-tools button")[delta < 0 ? 0 : 1];
  (again && !again.disabled ? again : item && item.querySelector(".card-pick"))?.focus();
}

function removeCard(index) {
  const card = state.deck.cards[index];
  if (!window.confirm(t("editor.remove_card_confirm", { title: cardLabel(card, index) }))) return;
  state.deck.cards.splice(index, 1);
  if (state.selected === index) state.selected = state.deck.cards.length ? Math.max(0, index - 1) : "deck";
  else if (typeof state.selected === "number" && state.selected > index) state.selected -= 1;
  changed();
  renderPane();
}

/** Add a card and open it: a case goes before the closing promises activity, which stays last. */
function addCardAt(make) {
  if (!Array.isArray(state.deck.cards)) state.deck.cards = [];
  const cards = state.deck.cards;
  const closing = isPromises(cards[cards.length - 1]);
  const at = closing && !isPromises(make()) ? cards.length - 1 : cards.length;
  const cases = cards.filter((card) => !isPromises(card));
  cards.splice(at, 0, isPromises(make()) ? make() : newCard(cases[cases.length - 1]));
  state.selected = at;
  changed();
  renderPane();
  el.pane.querySelector("input")?.focus();
}

el.addCard.addEventListener("click", () => addCardAt(() => newCard()));
el.addPromises.addEventListener("click", () => {
  if ((state.deck.cards || []).some(isPromises)) return; // one per deck, as its last card
  addCardAt(newPromisesActivity);
});
el.nav.addEventListener("click", () => select("deck"));
el.summary.addEventListener("click", () => {
  el.problemList.hidden = !el.problemList.hidden;
  state.showAll = true;
  renderProblems();
});

// --- saving ----------------------------------------------------------------------------

function setStatus(text, kind = "") {
  setText(el.status, text);
  el.status.dataset.kind = kind;
}

async function save({ overVersion = null } = {}) {
  if (state.saving) return;
  state.saving = true;
  el.save.disabled = true;
  setStatus(t("common.saving"), "busy");
  const before = state.savedId;
  const edits = state.edits;
  const body = { deck: toPayload(state.deck) };
  const result = state.version === null
    ? await deckApi("POST", "/api/decks", body)
    : await deckApi("PUT", `/api/decks/${encodeURIComponent(state.savedId)}`, { ...body, version: overVersion ?? state.version });
  state.saving = false;
  el.save.disabled = false;
  state.showAll = true;
  if (result.ok) {
    state.savedId = result.data.id;
    state.version = result.data.version;
    state.problems = result.data.problems;
    storage.remove(draftKey(before));
    if (state.edits === edits) {
      state.dirty = false;
      clearTimeout(keepTimer);
      storage.remove(draftKey(state.savedId));
    } else {
      keep(); // typed while saving: that text is not saved yet, keep it under the deck's id
      validate();
    }
    history.replaceState(null, "", `/decks/${encodeURIComponent(state.savedId)}/edit`);
    showExport();
    setStatus(result.data.valid ? t("editor.saved_valid", { time: localTime(result.data.updated_at) })
      : tn("editor.saved_draft", result.data.problems.length), result.data.valid ? "ok" : "warn");
    renderProblems();
    return;
  }
  const error = result.error || {};
  if (error.code === "version_conflict") {
    setStatus(`${t("editor.not_saved")} ${t("editor.not_saved_kept")}`, "error");
    showConflict(error);
    return;
  }
  if (error.code === "not_signed_in" || error.code === "csrf_failed") {
    // Signed out (or the page's token is stale): keep the text now, so a reload after signing in offers it back.
    clearTimeout(keepTimer);
    keep();
    setStatus(t("editor.signed_out"), "error");
    return;
  }
  if (error.problems) state.problems = error.problems;
  if (error.code === "deck_exists" || error.code === "deck_shipped") {
    state.problems = [{ path: "id", message: errorText(error), line: null }, ...state.problems.filter((p) => p.path !== "id")];
  }
  renderProblems();
  setStatus(`${t("editor.not_saved")} ${errorText(error)} ${t("editor.not_saved_kept")}`, "error");
}

el.save.addEventListener("click", () => save());
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") {
    event.preventDefault();
    save();
  }
});
window.addEventListener("beforeunload", (event) => {
  if (state.dirty) event.preventDefault();
});

function showConflict(error) {
  const who = error.updated_by ? t("editor.conflict_by", { name: error.updated_by, time: localTime(error.updated_at) })
    : t("editor.conflict_at", { time: localTime(error.updated_at) });
  setText($("#conflict-detail"), who);
  el.conflict.returnValue = "";
  el.conflict.addEventListener("close", async () => {
    if (el.conflict.returnValue === "keep") {
      await save({ overVersion: error.current_version });
    } else if (el.conflict.returnValue === "reload") {
      await load(state.savedId);
      setStatus(t("editor.reloaded"), "ok");
    }
  }, { once: true });
  el.conflict.showModal();
}

// --- loading and restoring ---------------------------------------------------------

async function load(id) {
  const result = await deckApi("GET", `/api/decks/${encodeURIComponent(id)}`);
  if (!result.ok) {
    fill(el.pane, h("p", { class: "form-error" }, errorText(result.error)));
    return null;
  }
  state.deck = result.data.deck;
  state.version = result.data.version;
  state.problems = result.data.problems;
  state.showAll = true;
  state.dirty = false;
  storage.remove(draftKey(id));
  showExport();
  if (typeof state.selected === "number" && state.selected >= (state.deck.cards || []).length) state.selected = "deck";
  renderPane();
  return result.data;
}

function offerRestore(kept) {
  setText($("#restore-text"), t("editor.restore_text", { time: localTime(kept.at) }));
  el.restore.hidden = false;
  $("#restore-yes").onclick = () => {
    state.deck = kept.deck;
    state.version = kept.version ?? state.version;
    el.restore.hidden = true;
    state.showAll = true;
    changed();
    renderPane();
    validate();
  };
  $("#restore-no").onclick = () => {
    storage.remove(draftKey(state.savedId));
    el.restore.hidden = true;
  };
}

async function start() {
  let kept = null;
  try {
    kept = JSON.parse(storage.get(draftKey(state.savedId)) || "null");
  } catch (error) { /* a damaged entry is ignored */ }
  if (state.savedId) {
    const loaded = await load(state.savedId);
    if (!loaded) return;
    if (kept && kept.deck && JSON.stringify(toPayload(kept.deck)) !== JSON.stringify(toPayload(state.deck))) {
      storage.set(draftKey(state.savedId), JSON.stringify(kept)); // load() cleared it; keep it until answered
      offerRestore(kept);
    }
  } else {
    state.deck = newDeck(document.documentElement.lang === "nl" ? "nl" : "en");
    renderPane();
    validate();
    if (kept && kept.deck) offerRestore(kept);
  }
  el.save.disabled = false;
}

start();
