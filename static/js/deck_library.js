// The deck library: duplicate, delete (after a confirm dialog) and import a
// .toml file (validated by the server; an existing id is only replaced after
// the trainer confirms, or the deck is stored under a new id).

import { $ } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { deckApi, upload, localTime } from "./deck_net.js";
import { problemText } from "./deck_problems.js";

const message = $("#decks-message");
const status = $("#decks-status");

for (const el of document.querySelectorAll(".problem-message")) {
  el.textContent = problemText({ code: el.dataset.code, params: JSON.parse(el.dataset.params || "{}"), message: el.textContent });
}
for (const el of document.querySelectorAll("time[data-epoch]")) {
  el.textContent = localTime(Number(el.dataset.epoch));
}

function showError(text, problems = []) {
  message.replaceChildren(document.createTextNode(text));
  if (problems.length) {
    const list = document.createElement("ul");
    for (const p of problems) {
      const li = document.createElement("li");
      const where = p.path || (p.line ? t("decks.line", { n: p.line }) : "");
      li.textContent = where ? `${where}: ${problemText(p)}` : problemText(p);
      list.appendChild(li);
    }
    message.appendChild(list);
  }
  message.hidden = false;
  status.hidden = true;
}

function showStatus(text) {
  status.textContent = text;
  status.hidden = false;
  message.hidden = true;
}

// --- duplicate and delete ---------------------------------------------------------

const deleteDialog = $("#confirm-delete");

$("#deck-table").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const row = button.closest("tr");
  const id = row.dataset.deck;
  if (button.dataset.action === "duplicate") {
    button.disabled = true;
    const result = await deckApi("POST", `/api/decks/${encodeURIComponent(id)}/duplicate`);
    button.disabled = false;
    if (!result.ok) return showError(errorText(result.error));
    location.assign(`/decks/${encodeURIComponent(result.data.id)}/edit`);
  } else if (button.dataset.action === "delete") {
    $("#delete-text").textContent = t("decks.delete_text", { title: row.querySelector(".deck-row-title").textContent, id });
    deleteDialog.returnValue = "";
    deleteDialog.showModal();
    deleteDialog.addEventListener("close", async () => {
      if (deleteDialog.returnValue !== "delete") return;
      const result = await deckApi("DELETE", `/api/decks/${encodeURIComponent(id)}`);
      if (!result.ok) return showError(errorText(result.error));
      row.remove();
      showStatus(t("decks.deleted", { id }));
    }, { once: true });
  }
});

// --- import -----------------------------------------------------------------------

const fileInput = $("#import-file");
const existsDialog = $("#import-exists");

async function send(file, extra = {}) {
  const form = new FormData();
  form.append("file", file);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return upload("/api/decks/import", form);
}

function ask(error) {
  return new Promise((resolve) => {
    $("#import-exists-text").textContent = error.code === "deck_shipped"
      ? t("decks.import_shipped", { id: error.id }) : t("decks.import_exists", { id: error.id });
    $("#import-new-id").value = error.suggested_id || "";
    $("#import-overwrite").hidden = !error.can_overwrite;
    existsDialog.returnValue = "";
    existsDialog.addEventListener("close", () => resolve(existsDialog.returnValue), { once: true });
    existsDialog.showModal();
  });
}

fileInput.addEventListener("change", async () => {
  const file = fileInput.files[0];
  fileInput.value = "";
  if (!file) return;
  let result = await send(file);
  while (!result.ok && result.error && ["deck_exists", "deck_shipped"].includes(result.error.code)
         && result.error.id !== undefined) {
    const choice = await ask(result.error);
    if (choice === "overwrite") result = await send(file, { overwrite: "1" });
    else if (choice === "new_id") result = await send(file, { new_id: $("#import-new-id").value.trim() });
    else return showStatus(t("decks.import_cancelled"));
  }
  if (!result.ok) return showError(t("decks.import_failed", { file: file.name }) + " " + errorText(result.error),
    result.error.problems || []);
  showStatus(t("decks.imported", { id: result.data.id }));
  location.assign(`/decks?imported=${encodeURIComponent(result.data.id)}`);
});
