// The landing page: type a join code, go to /play/CODE.

import { $, h } from "./dom.js";
import { t } from "./i18n.js";
import { languageSwitch } from "./language.js";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const form = $("#join-form");
const input = $("#code");
const error = $("#code-error");

function clean(value) {
  return value.toUpperCase().split("").filter((ch) => ALPHABET.includes(ch)).join("").slice(0, 6);
}

input.addEventListener("input", () => {
  const value = clean(input.value);
  if (value !== input.value) input.value = value;
  error.hidden = true;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = clean(input.value);
  if (code.length !== 6) {
    error.textContent = t("join.code_invalid");
    error.hidden = false;
    input.focus();
    return;
  }
  location.assign(`/play/${code}`);
});

// Phones usually land here first: let them pick their language before joining.
$(".landing-main").append(h("footer", { class: "phone-footer" }, languageSwitch()));
