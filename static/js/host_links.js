// The presenter's exports (Markdown, CSV, print page), the remote link for the
// facilitator's phone, and full screen.

import { h, setText } from "./dom.js";
import { t, errorText } from "./i18n.js";
import { downloadWithToken } from "./net.js";

async function copyText(text, input) {
  input.select();
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    try { return document.execCommand("copy"); } catch (err) { return false; }
  }
}

function remoteLink(code, token) {
  const url = `${location.origin}/host/${code}#token=${encodeURIComponent(token || "")}`;
  const screenUrl = `${location.origin}/host/${code}/screen#token=${encodeURIComponent(token || "")}`;
  const input = h("input", { type: "text", readonly: true, value: url, class: "hc-remote-url", "aria-label": t("controls.remote") });
  const screenInput = h("input", {
    type: "text", readonly: true, value: screenUrl, class: "hc-remote-url", "aria-label": t("controls.screen_link"),
  });
  const box = h("div", { class: "hc-remote", hidden: true },
    h("p", { class: "hc-hint" }, t("controls.screen_link_hint")), screenInput,
    h("p", { class: "hc-hint" }, t("controls.remote_hint")), input,
    h("button", {
      type: "button", class: "btn btn-small",
      onclick: async (e) => setText(e.currentTarget, (await copyText(url, input)) ? t("controls.copied") : t("controls.copy_manually")),
    }, t("controls.copy")));
  const toggle = h("button", {
    type: "button", class: "btn btn-small",
    onclick: () => {
      box.hidden = !box.hidden;
      setText(toggle, box.hidden ? t("controls.remote_show") : t("controls.remote_hide"));
    },
  }, t("controls.remote_show"));
  // Opened by the owner's sign-in rather than a token: there is no token to put in a remote link.
  toggle.hidden = !token;
  const missing = h("p", { class: "hc-hint", hidden: Boolean(token) }, t("controls.remote_unavailable"));
  return { toggle, box, missing };
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
}

/** createLinks({code, token}) -> {el: [nodes]} */
export function createLinks({ code, token }) {
  const status = h("p", { class: "hc-hint", "aria-live": "polite" });
  async function exportFile(ext, button) {
    button.disabled = true;
    setText(status, t("common.loading"));
    const result = await downloadWithToken(`/api/sessions/${code}/export.${ext}`, token, `cxgame-${code}.${ext}`);
    button.disabled = false;
    setText(status, result.ok ? "" : errorText(result.error));
  }
  const remote = remoteLink(code, token);
  const small = (label, onclick) => h("button", { type: "button", class: "btn btn-small", onclick }, label);
  return {
    el: [
      h("div", { class: "hc-row" },
        small(t("controls.export_md"), (e) => exportFile("md", e.currentTarget)),
        small(t("controls.export_csv"), (e) => exportFile("csv", e.currentTarget)),
        h("a", { class: "btn btn-small", href: `/host/${code}/print`, target: "_blank", rel: "noopener" }, t("controls.print")),
        h("a", { class: "btn btn-small", href: `/host/${code}/charter`, target: "_blank", rel: "noopener" },
          t("controls.promises.charter_link"))),
      status,
      h("div", { class: "hc-row" }, remote.toggle, small(t("controls.fullscreen"), toggleFullscreen)),
      remote.missing, remote.box,
    ],
  };
}
