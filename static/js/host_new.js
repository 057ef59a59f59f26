// Start a session: pick a deck and the teams, POST /api/sessions, keep the
// host token in this browser and open the projector page.

import { $ } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { api, storage, hostKey } from "./net.js";

const form = $("#new-session");
const error = $("#new-error");
const submit = $("#new-submit");

function syncMode() {
  const bySize = form.elements.mode.value === "size";
  $("#team-count").disabled = bySize;
  $("#team-size").disabled = !bySize;
}
for (const radio of form.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", syncMode);
syncMode();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const deck = form.elements.deck_id ? form.querySelector('input[name="deck_id"]:checked') : null;
  if (!deck) {
    error.textContent = t("new.pick_deck");
    error.hidden = false;
    return;
  }
  const body = { deck_id: deck.value };
  if (form.elements.mode.value === "size") body.team_size = Number($("#team-size").value);
  else body.team_count = Number($("#team-count").value);
  // Empty: the session speaks its deck's language.
  const language = $("#session-language").value;
  if (language) body.language = language;
  body.early_end = $("#early-end").checked;
  const organisation = $("#organisation").value.trim();
  if (organisation) body.organisation = organisation;
  submit.disabled = true;
  const result = await api("POST", "/api/sessions", body);
  if (!result.ok) {
    submit.disabled = false;
    error.textContent = errorText(result.error);
    error.hidden = false;
    return;
  }
  storage.set(hostKey(result.data.code), result.data.host_token);
  location.assign(`/host/${result.data.code}`);
});
