// Tiny DOM helpers. Data is only ever inserted as text (textContent / text
// nodes), never as HTML: player names and drafts are untrusted.

const BOOLEAN_ATTRS = new Set(["disabled", "checked", "hidden", "readonly", "required", "selected", "autofocus", "open"]);

function append(el, child) {
  if (child === null || child === undefined || child === false || child === true) return;
  if (Array.isArray(child)) {
    for (const c of child) append(el, c);
  } else if (child instanceof Node) {
    el.appendChild(child);
  } else {
    el.appendChild(document.createTextNode(String(child)));
  }
}

/** h("button", {class: "btn", onclick: fn}, "Label", child, [more]) -> Element */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on") && typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (name === "class") {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
      } else if (name === "style" && typeof value === "object") {
        for (const [prop, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) el.style.setProperty(prop, String(v));
        }
      } else if (name === "dataset") {
        Object.assign(el.dataset, value);
      } else if (name === "value") {
        el.value = value;
      } else if (name === "text") {
        el.textContent = String(value);
      } else if (BOOLEAN_ATTRS.has(name)) {
        if (value) el.setAttribute(name, "");
      } else {
        el.setAttribute(name, value === true ? "" : String(value));
      }
    }
  }
  for (const child of children) append(el, child);
  return el;
}

/** Replace all children of el (strings become text nodes). */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children) append(el, child);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** Set text only when it changed (keeps selection and avoids layout work). */
export function setText(el, text) {
  const value = text === null || text === undefined ? "" : String(text);
  if (el.textContent !== value) el.textContent = value;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A team colour from the server, checked before it reaches a style. */
export function safeColor(color, fallback = "#64748b") {
  return typeof color === "string" && HEX.test(color) ? color : fallback;
}

/** Black or white, whichever reads better on the given background colour. */
export function inkOn(color) {
  let hex = safeColor(color).slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Whichever contrasts more (the two are equal at a luminance of about 0.18).
  return luminance > 0.18 ? "#111827" : "#ffffff";
}

/** Style properties that paint an element in a team's colour. */
export function teamStyle(color) {
  const c = safeColor(color);
  return { "--team": c, "--team-ink": inkOn(c) };
}

/**
 * Keep container's children in step with items, reusing the element made for
 * each key: focus, open selects and typed text inside a row survive updates.
 */
export function keyed(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of container.children) {
    if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) {
      existing.delete(key);
    } else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (el !== expected) container.insertBefore(el, expected);
    previous = el;
  }
  for (const el of existing.values()) el.remove();
}

/** Paragraphs from plain text: blank lines separate paragraphs. */
export function paragraphs(text, attrs = null) {
  return String(text || "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
    .map((p) => h("p", attrs, p));
}

/** One behaviour per line, as a list. */
export function lines(text) {
  return String(text || "").split("\n").map((line) => line.replace(/^\s*[-*•]\s*/, "").trim()).filter(Boolean);
}
