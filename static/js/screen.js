// The projector page (/host/CODE/screen): the audience view only, full screen
// on the second display. It connects with the host's credentials (the token
// this browser keeps, one from the #token= fragment, or the owner's sign-in)
// and asks for the screen view, so facilitator notes, the model answer before
// the reveal and who wrote which draft never reach this document.

import { h, fill, $ } from "./dom.js";
import { t } from "./i18n.js";
import { connect, storage, hostKey } from "./net.js";
import { createStore } from "./store.js";
import { createProjector } from "./projector.js";
import { hostToken } from "./host_token.js";

const page = JSON.parse(($("#page") || {}).textContent || "{}");
const code = page.code;
const root = $("#app");

function refusedPage(key) {
  document.body.classList.add("message-page");
  fill(root, h("main", { class: "join-step" },
    h("p", { class: "brand" }, t("app.name")), h("h1", null, t("host.not_host_title")),
    h("p", { class: "lead" }, t(key, { code }))));
}

function start() {
  const token = hostToken(code);
  const stage = h("section", { class: "stage stage-full", "aria-label": t("host.stage_label") });
  fill(root, stage);
  const store = createStore();
  const projector = createProjector(stage, { code, joinUrl: page.join_url, joinReachable: page.join_reachable });
  store.subscribe((state) => projector.render(state));
  const conn = connect({
    code, token, screen: true, store,
    onStatus: (status, detail) => {
      projector.setOnline(status === "connected" || status === "connecting");
      if (status !== "refused") return;
      if (["bad_token", "bad_payload", "not_signed_in", "not_owner", "not_host"].includes(detail)) {
        if (detail === "bad_token") storage.remove(hostKey(code));
        conn.close();
        refusedPage("screen.not_host");
      } else if (detail === "unknown_code") {
        conn.close();
        refusedPage("host.unknown_code");
      } else {
        setTimeout(() => conn.socket.connect(), 3000);
      }
    },
  });
}

start();
