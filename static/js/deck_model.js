// The deck being edited, as plain data in the same shape as a scenarios/ file.
// Paths like "cards[0].diagnose.options[1].label" name a field both here and
// in the server's problems, so a problem finds its input by its path.

/** "cards[0].notes.tips[2]" -> ["cards", 0, "notes", "tips", 2] */
export function parsePath(path) {
  const parts = [];
  for (const piece of String(path).split(".")) {
    const match = piece.match(/^([^[\]]*)((?:\[\d+\])*)$/);
    if (!match) return [piece];
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

/** The parent paths of a path, longest first: "a[0].b" -> ["a[0].b", "a[0]", "a"]. */
export function pathAndParents(path) {
  const out = [];
  let rest = String(path);
  while (rest) {
    out.push(rest);
    const cut = Math.max(rest.lastIndexOf("."), rest.lastIndexOf("["));
    rest = cut > 0 ? rest.slice(0, cut) : "";
  }
  return out;
}

export function getAt(data, path) {
  let node = data;
  for (const part of parsePath(path)) {
    if (node === null || node === undefined) return undefined;
    node = node[part];
  }
  return node;
}

/** Set a value, creating tables on the way; undefined removes the key (the field is left out). */
export function setAt(data, path, value) {
  const parts = parsePath(path);
  let node = data;
  for (let i = 0; i < parts.length - 1; i++) {
    if (node[parts[i]] === null || typeof node[parts[i]] !== "object") {
      node[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
    }
    node = node[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
}

/** "Klacht over de tent!" -> "klacht-over-de-tent" (what an id looks like). */
export function slugify(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48).replace(/-+$/, "");
}

/**
 * What the server receives: empty texts in tables are left out, so a required
 * field reads "is required" and an optional one takes its default. Texts in a
 * list (tips, questions) stay, so an empty one is reported where it is.
 */
export function toPayload(value) {
  if (Array.isArray(value)) return value.map(toPayload);
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) continue;
      out[key] = toPayload(v);
    }
    return out;
  }
  return value;
}

export function newOption(key = false) {
  return { id: "", label: "", key };
}

export function newCard(previous = null) {
  return {
    id: "", title: "",
    customer: { name: "", persona: "" },
    story: "", short_story: "",
    diagnose: { options: [newOption(true), newOption(), newOption(), newOption()] },
    // Decks usually ask the same three things on every card: start from the last card's prompts.
    prompts: previous && previous.prompts ? { ...previous.prompts } : { response: "", promise: "", behaviours: "" },
    notes: { lesson: "", tips: [], questions: [] },
  };
}

/** The closing promises activity (deck activity type "promises"), empty. */
export function newPromisesActivity() {
  return {
    type: "promises", id: "our-promises", title: "", intro: "",
    prompts: { collect: "", we_do: "", we_dont: "", appreciate: "", measure: "", first_step: "" },
    notes: { lesson: "", tips: [], questions: [] },
  };
}

export const isPromises = (card) => !!card && card.type === "promises";

export function newDeck(language) {
  return { id: "", title: "", language, description: "", author: "", cards: [newCard()] };
}

/** A card as the server's views send it to the projector and the phones (see game/core/views.py). */
export function publicCard(deck, index, defaultQuestion) {
  const card = (deck.cards || [])[index] || {};
  const diagnose = card.diagnose || {};
  return {
    id: card.id || `card-${index}`, index, title: card.title || "",
    customer: { ...(card.customer || {}) },
    story: card.story || "", short_story: card.short_story || "",
    diagnose: {
      question: diagnose.question || defaultQuestion[deck.language] || defaultQuestion.en,
      options: (diagnose.options || []).map((o, i) => ({ id: o.id || `option-${i}`, label: o.label || "" })),
    },
    prompts: { ...(card.prompts || {}) },
  };
}
