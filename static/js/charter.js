// The charter page: the session's 3 to 5 promises, large, each with its owner, first
// step and every team's behaviours. On screen it is a sheet to check; printed it is
// an A4 landscape page or an A3 poster (the @page size follows the choice). Reads the
// JSON export's `charter` (docs/protocol.md, "Exports").

import { h, fill, $, lines } from "./dom.js";
import { t } from "./i18n.js";
import { loadExport } from "./export_loader.js";
import { PARTS } from "./promise_rules.js";
import { api, storage, hostKey } from "./net.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const code = page.code;
const root = $("#app");
const SIZES = ["a4", "a3"]; // css/charter-<size>.css holds each @page size (the CSP allows no inline style)

function setSize(size) {
  root.dataset.size = size;
  $("#page-size").href = `/static/css/charter-${size}.css`;
  for (const button of document.querySelectorAll(".ch-size")) {
    button.setAttribute("aria-pressed", String(button.dataset.size === size));
  }
}

function commitment(c) {
  const bits = [c && c.owner ? t("promises.owner_is", { owner: c.owner }) : t("promises.no_owner"),
    c && c.first_step ? t("promises.first_step_is", { step: c.first_step }) : null,
    c && c.due ? t("promises.due_on", { date: c.due }) : null];
  return h("p", { class: "ch-commitment" }, bits.filter(Boolean).join(" · "));
}

function team(row) {
  return h("section", { class: "ch-team" }, h("h3", null, row.team_name || ""),
    PARTS.filter((part) => (row[part] || "").trim()).map((part) => h("div", { class: "ch-part" },
      h("h4", null, t(`promises.part.${part}`)), h("ul", null, lines(row[part]).map((line) => h("li", null, line))))));
}

function render(data) {
  const charter = Array.isArray(data.charter) ? data.charter : [];
  document.title = `${data.title || ""} · ${t("promises.charter.title")}`;
  fill(root,
    h("div", { class: "ch-toolbar no-print" },
      h("button", { type: "button", class: "btn btn-primary", onclick: () => window.print() }, t("print.print")),
      SIZES.map((size) => h("button", { type: "button", class: "btn ch-size", dataset: { size },
        "aria-pressed": String(root.dataset.size === size), onclick: () => setSize(size) }, t(`charter.size.${size}`))),
      h("a", { class: "btn", href: `/host/${code}` }, t("print.back"))),
    h("header", { class: "ch-head" }, h("p", { class: "ch-eyebrow" }, data.title || ""),
      h("h1", null, t("promises.charter.title"))),
    charter.length ? h("ol", { class: "ch-promises" }, charter.map((row, i) => h("li", { class: "ch-promise" },
      h("h2", null, `${i + 1}. ${row.text}`), commitment(row.commitment),
      row.teams.length ? h("div", { class: "ch-teams" }, row.teams.map(team)) : null)))
      : h("p", { class: "lead" }, data.charter ? t("promises.none_chosen") : t("charter.not_yet")),
    charter.length ? followUp() : null);
}

/** The follow-up link and its QR code: weeks later, "did we keep it this month?" per promise. */
function followUp() {
  const box = h("section", { class: "ch-followup" });
  const token = storage.get(hostKey(code));
  const headers = token ? { "X-Host-Token": token } : {};
  (async () => {
    const result = await api("POST", `/api/sessions/${code}/followup`, {}, headers);
    if (!result.ok) return;
    const svg = await fetch(result.data.qr, { headers }).then((r) => (r.ok ? r.text() : null)).catch(() => null);
    fill(box, svg ? h("img", { class: "ch-qr", alt: "", src: `data:image/svg+xml;base64,${btoa(svg)}` }) : null,
      h("div", null, h("h2", null, t("charter.followup_title")), h("p", null, t("charter.followup_text")),
        h("p", { class: "ch-followup-url" }, result.data.url)));
  })();
  return box;
}

loadExport(code, root, render);
