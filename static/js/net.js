// The wire: HTTP helpers, the Socket.IO connection (auth, action ids, acks
// with a timeout, reconnect when a phone wakes) and the server clock offset.

import { io } from "../vendor/socket.io.esm.min.js";

/** A unique action id. crypto.randomUUID needs a secure context (https or
 * localhost); venue laptops often serve plain http on a LAN address. */
export function newId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch (error) { /* insecure context: fall through */ }
  }
  const bytes = new Uint8Array(16);
  if (globalThis.crypto && crypto.getRandomValues) {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Server time = local time + offset; updated from every `server_now`. */
export const clock = {
  offset: 0,
  update(serverNow) {
    if (typeof serverNow === "number" && Number.isFinite(serverNow)) {
      this.offset = serverNow - Date.now() / 1000;
    }
  },
  now() {
    return Date.now() / 1000 + this.offset;
  },
};

/** The page's CSRF token (templates/base.html), sent on every write as X-CSRFToken. */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

/** fetch JSON; resolves {ok, status, data, error} and never throws. */
export async function api(method, path, body = undefined, headers = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (!["GET", "HEAD"].includes(method.toUpperCase())) init.headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return send(path, init);
}

/** fetch with a ready RequestInit (JSON or FormData); resolves {ok, status, data, error}, never throws. */
export async function send(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return { ok: false, status: 0, data: null, error: { code: "network", message: String(error) } };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) { /* not JSON */ }
  if (response.ok) return { ok: true, status: response.status, data, error: null };
  const fallback = response.status === 429 ? "rate_limited" : "http_error";
  const err = (data && data.error) || { code: fallback, message: `HTTP ${response.status}` };
  return { ok: false, status: response.status, data, error: err };
}

export const storage = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (error) { /* private mode: the seat lasts as long as the page */ }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) { /* ignore */ }
  },
};

export const hostKey = (code) => `cxgame.host.${code}`;
export const playerKey = (code) => `cxgame.player.${code}`;

/**
 * Connect to a session. `store` receives `view`, `timer` and `progress`;
 * `on` maps other server events to handlers; `onStatus(status, detail)`
 * hears "connecting", "connected", "disconnected" and "refused" (detail:
 * the connect_error message, e.g. "bad_token"). With `screen`, a host's credentials open the
 * projector's connection, which receives the screen view instead of the host's.
 */
export function connect({ code, token, name = null, screen = false, store, on = {}, onStatus = () => {} }) {
  const socket = io({
    // While `name()` gives a name, we are joining: the server joins us in the connect (or,
    // on a retry, finds the seat our own token already holds) and sends `joined`; later
    // reconnects send the token alone.
    auth: (cb) => {
      const current = typeof token === "function" ? token() : token;
      const joining = name ? name() : null;
      if (joining) cb({ code, name: joining, ...(current ? { token: current } : {}) });
      // The projector page asks for the screen view (the audience's) with the host's credentials.
      else cb(screen ? { code, token: current, screen: true } : { code, token: current });
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    timeout: 10000,
  });

  let refused = false;
  socket.on("connect", () => {
    refused = false;
    onStatus("connected");
  });
  socket.on("disconnect", (reason) => onStatus("disconnected", reason));
  socket.on("connect_error", (error) => {
    // `active` is false when the server refused us in its connect handler
    // (bad_token, unknown_code): socket.io will not retry, and neither do we.
    refused = !socket.active;
    onStatus(refused ? "refused" : "disconnected", error && error.message);
  });
  socket.on("view", (view) => {
    if (view && view.session && view.session.timer) clock.update(view.session.timer.server_now);
    store.apply(view);
  });
  socket.on("timer", (timer) => {
    if (!timer) return;
    clock.update(timer.server_now);
    store.patch("session", (session) => { session.timer = timer; });
  });
  socket.on("progress", (progress) => {
    store.patch("session", (session) => { session.progress = progress; });
  });
  for (const [event, handler] of Object.entries(on)) socket.on(event, handler);

  // A phone that wakes up (or gets its wifi back) reconnects at once instead of
  // waiting for the back-off timer: connect() alone would wait while a retry is
  // scheduled, so drop the pending attempt first.
  const wake = () => {
    if (document.visibilityState !== "visible" || socket.connected || refused) return;
    socket.disconnect();
    socket.connect();
  };
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("online", wake);
  // The device says the network is gone: drop the socket now (a ping would notice only seconds
  // later), so the page shows "reconnecting" at once and reconnects when it is back.
  const lost = () => { if (socket.connected) socket.io.engine.close(); };
  window.addEventListener("offline", lost);
  const restored = (event) => { if (event.persisted) wake(); }; // back from the bfcache
  window.addEventListener("pageshow", restored);

  onStatus("connecting");

  /** Emit an event as it is; resolves the ack, or {ok:false, error:{code:"timeout"}}. */
  function call(event, payload = {}, timeoutMs = 8000) {
    return new Promise((resolve) => {
      socket.timeout(timeoutMs).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, error: { code: "timeout", message: "No answer from the server." } });
        else resolve(ack && typeof ack === "object" ? ack : { ok: false, error: { code: "bad_ack" } });
      });
    });
  }

  /** Emit an action with a fresh id, so a replay after a reconnect is applied once. */
  function send(event, payload = {}, timeoutMs = 8000) {
    return call(event, { id: newId(), ...payload }, timeoutMs);
  }

  /** Ask for the full view again (`sync` takes no id: it changes nothing). */
  async function sync() {
    const ack = await call("sync", {});
    if (ack.ok && ack.view) {
      if (ack.view.session && ack.view.session.timer) clock.update(ack.view.session.timer.server_now);
      store.apply(ack.view);
    }
    return ack;
  }

  function close() {
    document.removeEventListener("visibilitychange", wake);
    window.removeEventListener("online", wake);
    window.removeEventListener("offline", lost);
    window.removeEventListener("pageshow", restored);
    socket.disconnect();
  }

  return { socket, send, call, sync, close };
}

/** Download a file that needs the host token (fetch + blob + a[download]). */
export async function downloadWithToken(path, token, filename) {
  let response;
  try {
    // No token: the signed-in owner's cookie (sent with same-origin fetches) is the credential.
    response = await fetch(path, { headers: token ? { "X-Host-Token": token } : {} });
  } catch (error) {
    return { ok: false, error: { code: "network" } };
  }
  if (!response.ok) {
    let err = { code: "http_error", message: `HTTP ${response.status}` };
    try {
      err = (await response.json()).error || err;
    } catch (error) { /* not JSON */ }
    return { ok: false, error: err };
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return { ok: true };
}
