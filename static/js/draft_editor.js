// The team draft on a phone: four textareas bound to the team's CRDT document.
//
// Typing: the textarea's new value is compared with the field's Y.Text and the
// one changed stretch becomes a Yjs delete and insert (draft_doc.js sends it).
// A teammate's edit changes the Y.Text; the textarea follows and the caret stays
// after the same character it was after. Undo (the button, Ctrl+Z) undoes only
// this person's own edits, through a Yjs UndoManager per field. Teammates see
// who is typing in which field (draft:presence, a few times a second at most).

import * as Y from "../vendor/yjs.mjs";
import { h, setText } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { DraftDoc, FIELDS, LOCAL } from "./draft_doc.js";

export { FIELDS };
const MAX_CHARS = 2000;
const PRESENCE_MS = 300; // at most ~3 presence messages a second
const PRESENCE_FADES_MS = 4000;

/** The single changed stretch between two texts: a..b in `from` became `insert`. */
export function splice(from, to) {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) start++;
  let end = 0;
  while (end < max - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { a: start, b: from.length - end, insert: to.slice(start, to.length - end) };
}

/** Where a caret at `pos` is after a Yjs text delta: it stays after the character it was after. */
export function moveCaret(pos, delta) {
  let index = 0;
  for (const op of delta) {
    if (op.retain) {
      index += op.retain;
    } else if (op.insert) {
      const length = typeof op.insert === "string" ? op.insert.length : 1;
      if (index < pos) pos += length;
      index += length;
    } else if (op.delete) {
      if (index < pos) pos -= Math.min(op.delete, pos - index);
    }
    if (index > pos) break;
  }
  return pos;
}

function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

/** A case draft's four fields, as the editor shows them unless it is given others. */
export function caseFields() {
  return FIELDS.map((name) => ({
    name, label: t(`draft.field.${name}`), placeholder: t(`draft.placeholder.${name}`), rows: name === "response" ? 6 : 3,
  }));
}

function fieldBox({ name, label, placeholder = "", rows = 3, heading = null }) {
  // Field names can hold dots ("p4.we_do": a promise's behaviour): ids keep to letters, digits, - and _.
  const id = `draft-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const textarea = h("textarea", {
    class: "draft-input", id, name, rows,
    maxlength: MAX_CHARS, spellcheck: "true", autocapitalize: "sentences",
    placeholder, disabled: true,
  });
  const hint = h("p", { class: "draft-hint", id: `${id}-hint` });
  const presence = h("p", { class: "draft-presence", "aria-live": "polite" });
  const status = h("p", { class: "draft-status", "aria-live": "polite" });
  const undo = h("button", { type: "button", class: "btn btn-small draft-undo", disabled: true }, t("draft.undo"));
  textarea.setAttribute("aria-describedby", hint.id);
  const box = h("section", { class: ["draft-field", `draft-field-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`] },
    heading ? h("h3", { class: "draft-heading" }, heading) : null,
    h("div", { class: "draft-head" }, h("label", { class: "draft-label", for: textarea.id }, label), undo),
    hint, textarea, presence, status);
  return { name, textarea, hint, presence, status, undo, box, text: null, undoer: null, by: null, typing: {} };
}

/** Bind a field's textarea to its Y.Text in `doc` (again after a reset: a new document). */
function bindField(field, doc, author) {
  if (field.undoer) field.undoer.destroy();
  field.text = doc.getText(field.name);
  field.undoer = new Y.UndoManager(field.text, { trackedOrigins: new Set([LOCAL]), captureTimeout: 600 });
  const showUndo = () => { field.undo.disabled = field.undoer.undoStack.length === 0; };
  field.undoer.on("stack-item-added", showUndo);
  field.undoer.on("stack-item-popped", showUndo);
  showUndo();
  field.text.observe((event) => {
    if (event.transaction.origin === LOCAL) return; // the textarea already shows it
    if (event.transaction.origin !== field.undoer && author()) field.by = author();
    renderField(field, event.delta);
  });
  renderField(field, null);
}

/** Show the Y.Text in the textarea; while the person types there, the caret stays put. */
function renderField(field, delta) {
  const { textarea } = field;
  const text = field.text.toString();
  if (textarea.value === text) return;
  if (document.activeElement === textarea && delta) {
    const start = moveCaret(textarea.selectionStart, delta);
    const end = moveCaret(textarea.selectionEnd, delta);
    textarea.value = text;
    textarea.setSelectionRange(start, end);
  } else {
    textarea.value = text;
  }
  grow(textarea);
}

/** The person typed: the one changed stretch becomes a delete and an insert on the Y.Text. */
function typedInto(field) {
  const change = splice(field.text.toString(), field.textarea.value);
  if (change.a === change.b && !change.insert) return false;
  field.text.doc.transact(() => {
    if (change.b > change.a) field.text.delete(change.a, change.b - change.a);
    if (change.insert) field.text.insert(change.a, change.insert);
  }, LOCAL);
  field.by = null; // our own edit: "Saved", not a teammate's name
  grow(field.textarea);
  return true;
}

function undoKey(field, event) {
  if (event.inputType !== "historyUndo" && event.inputType !== "historyRedo") return;
  event.preventDefault(); // the browser's own undo would also undo teammates' text
  if (event.inputType === "historyUndo") field.undoer.undo();
  else field.undoer.redo();
}

/** Who types where: tell teammates (at most every PRESENCE_MS) and show theirs for a while. */
function createPresence(fields, call, connected) {
  let last = 0;
  let timer = null;
  const show = (field) => {
    const now = Date.now();
    const names = Object.values(field.typing).filter((p) => now - p.at < PRESENCE_FADES_MS).map((p) => p.name);
    setText(field.presence, names.length ? t("draft.presence.typing", { name: names.join(", ") }) : "");
  };
  return {
    say(field) {
      clearTimeout(timer);
      const go = () => {
        last = Date.now();
        if (!connected()) return;
        const focused = document.activeElement === field.textarea;
        call("draft:presence", focused ? { field: field.name, index: field.textarea.selectionStart } : { field: null });
      };
      const wait = last + PRESENCE_MS - Date.now();
      if (wait <= 0) go();
      else timer = setTimeout(go, wait);
    },
    heard(event) {
      if (!event || !event.player_id) return;
      for (const field of Object.values(fields)) {
        delete field.typing[event.player_id];
        if (field.name === event.field) field.typing[event.player_id] = { name: event.name, at: Date.now() };
        show(field);
      }
      setTimeout(() => Object.values(fields).forEach(show), PRESENCE_FADES_MS + 50);
    },
  };
}

function showStatus(field, waiting, online) {
  let text = "";
  let kind = "ok";
  if (waiting && !online) {
    text = t("draft.status.offline");
    kind = "warn";
  } else if (waiting) {
    text = t("draft.status.saving");
    kind = "busy";
  } else if (field.by) {
    text = t("draft.status.saved_by", { name: field.by });
  } else if (field.text && field.text.length) {
    text = t("draft.status.saved");
  }
  setText(field.status, text);
  field.status.dataset.kind = kind;
}

/**
 * createDraftEditor({key, send, call, connected, layout}) -> {el, setCard(card), setHints(hints),
 * applyTeam(team), receive(event), presence(event), resume(), flush(), close(), refreshStatus()}
 * layout: the fields, [{name, label, placeholder, rows, heading}] (a case draft's four by default).
 */
export function createDraftEditor({ key, send, call, connected, layout = caseFields() }) {
  const fields = Object.fromEntries(layout.map((spec) => [spec.name, fieldBox(spec)]));
  const problem = h("p", { class: "draft-problem form-error", role: "alert", hidden: true });
  const el = h("div", { class: "draft-fields" }, problem, ...layout.map((spec) => fields[spec.name].box));
  const presence = createPresence(fields, call, connected);
  let members = {};
  let remoteBy = null; // the teammate whose update is being applied
  const refreshStatus = () => Object.values(fields).forEach((f) => showStatus(f, draft.pending(), connected()));
  const draft = new DraftDoc({
    key, call, send, connected,
    onReset: (doc) => Object.values(fields).forEach((f) => bindField(f, doc, () => remoteBy)),
    onStatus: () => refreshStatus(),
    onRefused: (error) => {
      setText(problem, errorText(error));
      problem.hidden = false;
    },
  });
  for (const field of Object.values(fields)) {
    field.textarea.addEventListener("input", () => {
      if (typedInto(field)) problem.hidden = true;
      presence.say(field);
    });
    field.textarea.addEventListener("beforeinput", (event) => undoKey(field, event));
    field.textarea.addEventListener("focus", () => presence.say(field));
    field.textarea.addEventListener("blur", () => presence.say(field));
    field.undo.addEventListener("click", () => field.undoer.undo());
  }

  return {
    el,
    fields,
    setCard(card) {
      const prompts = (card && card.prompts) || {};
      setText(fields.response.hint, prompts.response || "");
      setText(fields.promise.hint, prompts.promise || "");
      setText(fields.we_do.hint, [prompts.behaviours, t("draft.one_per_line")].filter(Boolean).join(" "));
      setText(fields.we_dont.hint, t("draft.one_per_line"));
    },
    /** Hints under fields, by field name (a field not named keeps its hint). */
    setHints(hints) {
      for (const [name, text] of Object.entries(hints)) if (fields[name]) setText(fields[name].hint, text || "");
    },
    applyTeam(team) {
      members = Object.fromEntries(((team && team.members) || []).map((m) => [m.id, m.name]));
      const stored = (team && team.draft && team.draft.fields) || {};
      for (const field of Object.values(fields)) {
        if (!field.by && stored[field.name] && stored[field.name].by) field.by = stored[field.name].by;
      }
    },
    /** `draft:update` from the server: a teammate's edit. */
    receive(event) {
      if (!event || typeof event.update !== "string") return;
      remoteBy = members[event.player_id] || null;
      draft.receive(event.update);
      remoteBy = null;
      refreshStatus();
    },
    /** `draft:presence`: a teammate typing somewhere (field null: stopped). */
    presence: (event) => presence.heard(event),
    /** On every (re)connect: catch up, then send what was typed offline. */
    async resume() {
      await draft.resync();
      for (const field of Object.values(fields)) field.textarea.disabled = false;
      refreshStatus();
    },
    flush: () => draft.flush(),
    close: () => draft.close(),
    refreshStatus,
  };
}
