// The landing page: type a join code, go to /play/CODE.

import { $, h } from "./dom.js";
import { t } from "./i18n.js";
import { languageSwitch } from "./language.js";
import { CODE_LENGTH, normalizeCode } from "./join_code.js";

const form = $("#join-form");
const input = $("#code");
const error = $("#code-error");

input.addEventListener("input", () => {
  const value = normalizeCode(input.value);
  if (value !== input.value) input.value = value;
  error.hidden = true;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = normalizeCode(input.value);
  if (code.length !== CODE_LENGTH) {
    error.textContent = t("join.code_invalid");
    error.hidden = false;
    input.focus();
    return;
  }
  location.assign(`/play/${code}`);
});

// Phones usually land here first: let them pick their language before joining.
$(".landing-main").append(h("footer", { class: "phone-footer" }, languageSwitch()));
