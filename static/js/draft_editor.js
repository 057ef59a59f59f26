// The team draft on a phone: four fields that teammates edit together.
//
// Each field remembers the server revision its local text derives from
// (`base`). Typing sends the whole text, debounced, with that base version;
// the server merges concurrent edits and its ack returns the stored text.
// A remote edit never overwrites text the user is typing: it is adopted only
// when the field has no unsent changes, and otherwise merged by the server on
// the next send. The caret stays where the user left it.

import { h, setText } from "./dom.js";
import { t, errorText } from "./i18n.js";

export const FIELDS = ["response", "promise", "we_do", "we_dont"];
const DEBOUNCE_MS = 250;
const RETRY_MS = 1500;
const MAX_CHARS = 2000;

/** The single changed stretch between two texts: a..b in `from` became `insert`. */
export function splice(from, to) {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) start++;
  let end = 0;
  while (end < max - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { a: start, b: from.length - end, insert: to.slice(start, to.length - end) };
}

/**
 * Re-apply the user's typing (sent -> local) on top of the stored text
 * (sent -> stored, others' edits merged in). Null when both touched the
 * same stretch: then the server's three-way merge decides.
 */
export function rebase(sent, local, stored) {
  const mine = splice(sent, local);
  const theirs = splice(sent, stored);
  if (mine.b <= theirs.a) {
    return { text: stored.slice(0, mine.a) + mine.insert + stored.slice(mine.b), caret: mine.a + mine.insert.length };
  }
  if (mine.a >= theirs.b) {
    const shift = stored.length - sent.length;
    return {
      text: stored.slice(0, mine.a + shift) + mine.insert + stored.slice(mine.b + shift),
      caret: mine.a + shift + mine.insert.length,
    };
  }
  return null;
}

function mapPosition(pos, change, newLength, oldLength) {
  if (pos <= change.a) return pos;
  if (pos >= change.b) return pos + (newLength - oldLength);
  return change.a + change.insert.length;
}

function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

/**
 * createDraftEditor({send, connected, resync}) -> {el, setCard(card), applyTeam(team),
 * applyRemote(field, data), flush(), resume(), ...}
 */
export function createDraftEditor({ send, connected, resync }) {
  const fields = {};
  const el = h("div", { class: "draft-fields" });

  for (const name of FIELDS) {
    const textarea = h("textarea", {
      class: "draft-input", id: `draft-${name}`, name, rows: name === "response" ? 6 : 3,
      maxlength: MAX_CHARS, spellcheck: "true", autocapitalize: "sentences",
      placeholder: t(`draft.placeholder.${name}`),
    });
    const hint = h("p", { class: "draft-hint", id: `draft-${name}-hint` });
    const status = h("p", { class: "draft-status", "aria-live": "polite" });
    const replaced = h("div", { class: "draft-replaced" });
    textarea.setAttribute("aria-describedby", hint.id);
    const box = h("section", { class: ["draft-field", `draft-field-${name}`] },
      h("label", { class: "draft-label", for: textarea.id }, t(`draft.field.${name}`)),
      hint, textarea, status, replaced);
    const field = {
      name, textarea, hint, status, replaced, box,
      base: { text: "", version: 0 },
      by: null, seq: 0, inflight: null, timer: null, retry: null, state: "saved", error: null, replacedKey: "",
    };
    textarea.addEventListener("input", () => {
      field.seq += 1;
      field.error = null;
      grow(textarea);
      schedule(field, DEBOUNCE_MS);
      showStatus(field);
    });
    textarea.addEventListener("blur", () => schedule(field, 0));
    fields[name] = field;
    el.appendChild(box);
  }

  function dirty(field) {
    return field.textarea.value !== field.base.text;
  }

  function setValue(field, text, caret = null) {
    const { textarea } = field;
    const old = textarea.value;
    if (old === text) return;
    if (document.activeElement === textarea) {
      const change = splice(old, text);
      const start = caret ?? mapPosition(textarea.selectionStart, change, text.length, old.length);
      const end = caret ?? mapPosition(textarea.selectionEnd, change, text.length, old.length);
      textarea.value = text;
      textarea.setSelectionRange(start, end);
    } else {
      textarea.value = text;
    }
    grow(textarea);
  }

  function showStatus(field) {
    let text;
    let kind = "ok";
    if (field.error) {
      text = field.error;
      kind = "error";
    } else if (field.inflight || field.timer || dirty(field)) {
      if (!connected()) {
        text = t("draft.status.offline");
        kind = "warn";
      } else {
        text = t("draft.status.saving");
        kind = "busy";
      }
    } else if (field.by) {
      text = t("draft.status.saved_by", { name: field.by });
    } else {
      text = field.base.version ? t("draft.status.saved") : "";
    }
    setText(field.status, text);
    field.status.dataset.kind = kind;
  }

  function schedule(field, delay) {
    clearTimeout(field.timer);
    field.timer = setTimeout(() => {
      field.timer = null;
      save(field);
    }, delay);
  }

  async function save(field) {
    if (field.inflight) return; // the ack handler sends again if needed
    const text = field.textarea.value;
    if (text === field.base.text) {
      showStatus(field);
      return;
    }
    if (!connected()) {
      showStatus(field); // resume() sends it when the connection is back
      return;
    }
    const sent = { seq: field.seq, text, base: { ...field.base } };
    field.inflight = sent;
    showStatus(field);
    const ack = await send("draft:edit", { field: field.name, text, base_version: sent.base.version });
    field.inflight = null;
    if (ack.ok && ack.duplicate) {
      // Applied before a reconnect; the fresh view tells us where it stands.
      resync();
    } else if (ack.ok && typeof ack.version === "number" && typeof ack.text === "string") {
      if (ack.version >= field.base.version) {
        if (field.seq === sent.seq) {
          setValue(field, ack.text);
          field.base = { text: ack.text, version: ack.version };
        } else if (ack.text === sent.text) {
          field.base = { text: ack.text, version: ack.version };
        } else {
          const merged = rebase(sent.text, field.textarea.value, ack.text);
          if (merged) {
            setValue(field, merged.text, merged.caret);
            field.base = { text: ack.text, version: ack.version };
          } // else keep the old base: the server merges from there on the next send
        }
      }
    } else if (!ack.ok) {
      const code = ack.error && ack.error.code;
      if (code === "timeout" || code === "rate_limited" || code === "busy") {
        clearTimeout(field.retry);
        field.retry = setTimeout(() => save(field), RETRY_MS);
      } else if (code === "bad_version") {
        resync();
      } else {
        field.error = errorText(ack.error);
      }
    }
    if (!field.error && field.textarea.value !== field.base.text && !field.timer) schedule(field, DEBOUNCE_MS);
    showStatus(field);
  }

  /** A teammate's edit (`draft` event) or a field from a `team` view. */
  function applyRemote(name, data) {
    const field = fields[name];
    if (!field || !data || typeof data.version !== "number") return;
    if (data.version < field.base.version) return;
    if (data.by) field.by = data.by;
    if (data.version > field.base.version) {
      const busy = field.inflight || field.timer || dirty(field);
      if (!busy) {
        setValue(field, data.text || "");
        field.base = { text: data.text || "", version: data.version };
      }
      // else: keep what the user typed; the next send merges on the server.
    }
    showStatus(field);
  }

  function showReplaced(field, revisions) {
    const list = Array.isArray(revisions) ? revisions.filter((r) => r && r.text) : [];
    const key = list.map((r) => `${r.version}:${r.text.length}`).join(",");
    if (key === field.replacedKey) return;
    field.replacedKey = key;
    if (!list.length) {
      field.replaced.replaceChildren();
      return;
    }
    field.replaced.replaceChildren(h("details", null,
      h("summary", null, t("draft.replaced.summary", { n: list.length })),
      list.slice().reverse().map((r) => h("div", { class: "replaced-item" },
        h("p", { class: "replaced-text" }, r.text),
        h("p", { class: "replaced-meta" }, r.by ? t("draft.replaced.by", { name: r.by }) : ""),
        h("button", {
          type: "button", class: "btn btn-small",
          onclick: () => {
            const current = field.textarea.value;
            setValue(field, current ? `${current}\n${r.text}` : r.text);
            field.seq += 1;
            schedule(field, 0);
          },
        }, t("draft.replaced.restore"))))));
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
    applyTeam(team) {
      const draft = team && team.draft;
      for (const name of FIELDS) {
        const data = draft && draft.fields && draft.fields[name];
        if (data) applyRemote(name, data);
        showReplaced(fields[name], draft && draft.replaced ? draft.replaced[name] : null);
      }
    },
    applyRemote,
    /** Send what is pending now; resolves when every field is saved (or failed). */
    async flush() {
      for (const field of Object.values(fields)) {
        if (field.timer) {
          clearTimeout(field.timer);
          field.timer = null;
        }
      }
      for (let i = 0; i < 20; i++) {
        const pending = Object.values(fields).filter((f) => f.inflight || dirty(f));
        if (!pending.length || !connected()) return;
        await Promise.all(pending.map((f) => (f.inflight ? new Promise((r) => setTimeout(r, 100)) : save(f))));
        if (pending.some((f) => f.error)) return;
      }
    },
    /** After a reconnect: send anything typed while offline. */
    resume() {
      for (const field of Object.values(fields)) {
        if (dirty(field) && !field.inflight) schedule(field, 0);
        showStatus(field);
      }
    },
    refreshStatus() {
      for (const field of Object.values(fields)) showStatus(field);
    },
    hasText() {
      return Object.values(fields).some((f) => f.textarea.value.trim());
    },
  };
}
