// The follow-up page (/f/TOKEN): weeks after the workshop, every phone answers for each
// promise of the charter "did we keep it this month?" (kept / partly / not, and one line
// of why), once a month. No account: the server knows the phone by its follow-up cookie.

import { h, fill, setText, $ } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { api } from "./net.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const root = $("#app");

function question(promise, index, answers) {
  const name = `answer-${promise.id}`;
  const why = h("input", { type: "text", class: "followup-why", maxlength: 200, name: `why-${promise.id}`,
    "aria-label": t("followup.why", { text: promise.text }), placeholder: t("followup.why_placeholder") });
  return h("fieldset", { class: "followup-promise", dataset: { key: promise.id } },
    h("legend", null, `${index + 1}. ${promise.text}`),
    h("div", { class: "followup-choices" }, answers.map((answer) => h("label", { class: "followup-choice" },
      h("input", { type: "radio", name, value: answer, required: true }), " ", t(`followup.answer.${answer}`)))),
    why);
}

function thanks(data, key) {
  fill(root, h("p", { class: "brand" }, t("app.name")),
    h("h1", null, t("followup.title")), h("p", { class: "lead followup-done" }, t(key, { month: data.month })));
}

function render(data) {
  if (data.answered) {
    thanks(data, "followup.already");
    return;
  }
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "btn btn-primary btn-block" }, t("followup.send"));
  const form = h("form", { class: "stack followup-form" },
    data.promises.map((promise, i) => question(promise, i, data.answers)), error, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = data.promises.map((promise) => ({
      promise_id: promise.id,
      answer: (form.querySelector(`input[name="answer-${promise.id}"]:checked`) || {}).value,
      why: form.querySelector(`input[name="why-${promise.id}"]`).value,
    }));
    if (answers.some((a) => !a.answer)) {
      setText(error, t("followup.answer_all"));
      error.hidden = false;
      return;
    }
    button.disabled = true;
    const result = await api("POST", `/api/followup/${page.token}`, { answers });
    button.disabled = false;
    if (result.ok) thanks({ month: result.data.month }, "followup.thanks");
    else if (result.error && result.error.code === "already_answered") thanks(data, "followup.already");
    else {
      setText(error, errorText(result.error));
      error.hidden = false;
    }
  });
  fill(root, h("p", { class: "brand" }, t("app.name")),
    h("h1", null, t("followup.title")),
    h("p", { class: "lead" }, t("followup.intro", { title: data.title, month: data.month })),
    data.organisation ? h("p", { class: "muted" }, data.organisation) : null,
    form);
}

async function load() {
  const result = await api("GET", `/api/followup/${page.token}`);
  if (!result.ok) {
    fill(root, h("p", { class: "form-error" }, errorText(result.error)));
    return;
  }
  render(result.data);
}

load();
