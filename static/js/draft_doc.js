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
const RELOAD = new Set(["bad_update", "text_too_long", "draft_too_large"]); // our edit was refused: take the server's text

/**
 * new DraftDoc({key, call, send, connected, onReset, onStatus, onRefused})
 * key: "CODE:phase:card:team" (names the localStorage copy). onReset(doc) hears every new Y.Doc.
 */
export class DraftDoc {
  constructor({ key, call, send, connected, onReset, onStatus, onRefused }) {
    Object.assign(this, { call, send, connected, onReset, onStatus, onRefused });
    this.storageKey = `cxgame.draft.${key}`;
    this.unsent = []; // own updates not yet acknowledged
    this.inflight = false;
    this.timer = null;
    this.synced = false;
    this.closed = false;
    const kept = this.restore();
    this.open();
    if (kept) Y.applyUpdate(this.doc, kept); // our earlier typing: unsent until the server has it
  }

  open() {
    if (this.doc) this.doc.destroy();
    this.doc = new Y.Doc();
    this.doc.on("update", (update, origin) => {
      if (origin === REMOTE) return;
      this.unsent.push(update);
      this.remember();
      this.schedule(BATCH_MS);
    });
    this.onReset(this.doc);
  }

  restore() {
    const saved = storage.get(this.storageKey);
    if (!saved) return null;
    try {
      return Y.fromBase64(saved);
    } catch (error) {
      storage.remove(this.storageKey);
      return null;
    }
  }

  remember() {
    if (this.unsent.length) storage.set(this.storageKey, Y.toBase64(Y.encodeStateAsUpdate(this.doc)));
    else storage.remove(this.storageKey);
  }

  schedule(delay) {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => { this.timer = null; this.push(); }, delay);
  }

  /** Send the batched own updates; a refusal or timeout decides what comes next. */
  async push() {
    if (this.inflight || !this.unsent.length || !this.synced || !this.connected()) {
      this.onStatus();
      return;
    }
    this.inflight = true;
    const batch = this.unsent;
    this.unsent = [];
    this.onStatus();
    const ack = await this.send("draft:update", { update: Y.toBase64(Y.mergeUpdates(batch)) });
    this.inflight = false;
    if (ack.ok) this.remember();
    else this.settle(batch, ack.error || {});
    if (this.unsent.length) this.schedule(BATCH_MS);
    this.onStatus();
  }

  settle(batch, error) {
    const code = error.code;
    if (RETRYABLE.has(code)) {
      this.unsent = batch.concat(this.unsent);
      this.schedule(RETRY_MS);
    } else if (code === "draft_out_of_sync") {
      this.unsent = batch.concat(this.unsent);
      this.resync(); // sends them together with what they build on
    } else if (RELOAD.has(code)) {
      // The server refused our change, so our copy differs from everyone's: start again
      // from the server's document, and say so.
      this.unsent = [];
      this.remember();
      this.onRefused(error);
      this.synced = false;
      this.open();
      this.resync();
    } else if (code !== "not_in_phase") {
      this.onRefused(error);
    }
  }

  /** Catch up by state vector, then send whatever the server lacks (typed offline, or unacknowledged). */
  async resync() {
    if (this.closed || !this.connected()) return;
    const vector = Y.toBase64(Y.encodeStateVector(this.doc));
    const ack = await this.call("draft:sync", { state_vector: vector });
    if (!ack.ok) {
      if (ack.error && RETRYABLE.has(ack.error.code)) setTimeout(() => this.resync(), RETRY_MS);
      return;
    }
    Y.applyUpdate(this.doc, Y.fromBase64(ack.update), REMOTE);
    this.synced = true;
    if (this.unsent.length) {
      // Everything the server has not seen, in one update (deletions included).
      this.unsent = [Y.encodeStateAsUpdate(this.doc, Y.fromBase64(ack.state_vector))];
      this.push();
    }
    this.onStatus();
  }

  /** A teammate's update, relayed by the server. */
  receive(base64) {
    try {
      Y.applyUpdate(this.doc, Y.fromBase64(base64), REMOTE);
    } catch (error) {
      this.resync(); // unreadable here: take the server's copy instead
    }
  }

  pending() {
    return this.unsent.length > 0 || this.inflight;
  }

  /** Send what is pending now; resolves once the server has it all (or it failed). */
  async flush() {
    clearTimeout(this.timer);
    this.timer = null;
    for (let i = 0; i < 30 && this.pending() && this.connected(); i++) {
      if (!this.inflight) await this.push();
      else await new Promise((resolve) => setTimeout(resolve, 100));
      if (!this.synced) return;
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
