// The owner's follow-up page: hide an answer (or show it again), as a draft is hidden.
// The chart and the list are drawn by the server; a change reloads the page.

import { $ } from "./dom.js";
import { errorText } from "./i18n.js";
import { api } from "./net.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");

for (const button of document.querySelectorAll(".fu-hide")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    const hidden = button.dataset.hidden !== "true";
    const result = await api("POST", `/api/sessions/${page.code}/followup/answers/${button.dataset.id}`, { hidden });
    if (result.ok) location.reload();
    else {
      button.disabled = false;
      alert(errorText(result.error));
    }
  });
}
