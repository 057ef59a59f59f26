// The team draft's CRDT document on a phone (Yjs), and its traffic with the server.
//
// One Y.Doc per team and round, one Y.Text per field (the server keeps the same
// document with pycrdt). Own edits are collected as Yjs updates and sent in
// small batches (`draft:update`) until the server acknowledges them; teammates'
// updates arrive relayed (`draft:update`) and merge character by character, so
// nobody's words are ever dropped. On every (re)connect the phone asks what it
// missed by its state vector (`draft:sync`) and then sends everything the server
// lacks, which includes whatever was typed offline. Until acknowledged, the
// document is also kept in localStorage, so a reload or a sleeping phone keeps it.

import * as Y from "../vendor/yjs.mjs";
import { storage } from "./net.js";

export const FIELDS = ["response", "promise", "we_do", "we_dont"];
export const LOCAL = "local"; // the origin of this phone's typing
const REMOTE = "remote"; // teammates' updates and the server's answers: never sent back
const BATCH_MS = 120; // own keystrokes within this long go out as one update
const RETRY_MS = 1500;
const RETRYABLE = new Set(["timeout", "rate_limited", "busy", "server_error"]);
const RELOAD = new Set(["bad_update", "text_too_long"]); // our edit was refused: take the server's text

/**
 * createDraftDoc({key, call, send, connected, onReset, onRemote, onStatus, onRefused})
 * key: "CODE:card:team" (names the localStorage copy).
 */
export function createDraftDoc({ key, call, send, connected, onReset, onRemote, onStatus, onRefused }) {
  const storageKey = `cxgame.draft.${key}`;
  let doc = null;
  let unsent = []; // own updates not yet acknowledged
  let inflight = false;
  let timer = null;
  let synced = false;
  let closed = false;

  function open(initial) {
    if (doc) doc.destroy();
    doc = new Y.Doc();
    if (initial) Y.applyUpdate(doc, initial, REMOTE);
    doc.on("update", (update, origin) => {
      if (origin === REMOTE) return;
      unsent.push(update);
      remember();
      schedule(BATCH_MS);
    });
    onReset(doc);
  }

  function remember() {
    if (unsent.length) storage.set(storageKey, Y.toBase64(Y.encodeStateAsUpdate(doc)));
    else storage.remove(storageKey);
  }

  function schedule(delay) {
    if (timer || closed) return;
    timer = setTimeout(() => { timer = null; push(); }, delay);
  }

  /** Send the batched own updates; a refusal or timeout decides what comes next. */
  async function push() {
    if (inflight || !unsent.length || !synced || !connected()) {
      onStatus();
      return;
    }
    inflight = true;
    const batch = unsent;
    unsent = [];
    onStatus();
    const ack = await send("draft:update", { update: Y.toBase64(Y.mergeUpdates(batch)) });
    inflight = false;
    if (ack.ok) {
      remember();
    } else {
      settle(batch, ack.error || {});
    }
    if (unsent.length) schedule(BATCH_MS);
    onStatus();
  }

  function settle(batch, error) {
    const code = error.code;
    if (RETRYABLE.has(code)) {
      unsent = batch.concat(unsent);
      schedule(RETRY_MS);
    } else if (code === "draft_out_of_sync") {
      unsent = batch.concat(unsent);
      resync();
    } else if (RELOAD.has(code)) {
      // The server refused our change, so our copy differs from everyone's: start again
      // from the server's document, and say so.
      unsent = [];
      remember();
      onRefused(error);
      open(null);
      synced = false;
      resync();
    } else if (code !== "not_in_phase") {
      onRefused(error);
    }
  }

  /** Catch up by state vector, then send whatever the server lacks (typed offline, or unacknowledged). */
  async function resync() {
    if (closed || !connected()) return;
    const ack = await call("draft:sync", { state_vector: Y.toBase64(Y.encodeStateVector(doc)) });
    if (!ack.ok) {
      if (ack.error && RETRYABLE.has(ack.error.code)) setTimeout(resync, RETRY_MS);
      return;
    }
    Y.applyUpdate(doc, Y.fromBase64(ack.update), REMOTE);
    synced = true;
    if (unsent.length) {
      // Everything the server has not seen, in one update (deletions included).
      unsent = [Y.encodeStateAsUpdate(doc, Y.fromBase64(ack.state_vector))];
      push();
    }
    onStatus();
  }

  function restore() {
    const saved = storage.get(storageKey);
    if (!saved) return null;
    try {
      return Y.fromBase64(saved);
    } catch (error) {
      storage.remove(storageKey);
      return null;
    }
  }

  const kept = restore();
  open(null);
  if (kept) {
    Y.applyUpdate(doc, kept); // our own earlier typing: counts as unsent until the server has it
  }

  return {
    get doc() { return doc; },
    resync,
    /** A teammate's update, relayed by the server. */
    receive(base64, by) {
      try {
        Y.applyUpdate(doc, Y.fromBase64(base64), REMOTE);
      } catch (error) {
        resync(); // unreadable here: take the server's copy instead
        return;
      }
      onRemote(by);
    },
    pending() { return unsent.length > 0 || inflight; },
    /** Send what is pending now; resolves once the server has it all (or it failed). */
    async flush() {
      clearTimeout(timer);
      timer = null;
      for (let i = 0; i < 30 && (unsent.length || inflight) && connected(); i++) {
        if (!inflight) await push();
        else await new Promise((r) => setTimeout(r, 100));
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
