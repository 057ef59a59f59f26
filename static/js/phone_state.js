// The phone's own state: what it shows before (or instead of) the server's
// answer. Ticks and the vote the player chose, whether a send is on its way,
// the save status line, and the draft editor of the current screen. One small
// store with named changes; phone.js owns it, the phase screens call it.

export function createPhoneState() {
  let state = fresh();

  function fresh() {
    return { ticks: new Set(), vote: null, pending: 0, status: {}, editor: null };
  }

  return {
    get ticks() { return state.ticks; },
    get vote() { return state.vote; },
    get editor() { return state.editor; },
    /** A new phase or card: the server starts the player's ticks and vote empty, and so do we. */
    newRound() { state = { ...fresh(), pending: state.pending }; },
    /** A new screen: its status lines and editor start afresh. */
    newScreen() {
      if (state.editor) state.editor.close();
      state.status = {}; state.editor = null;
    },
    setEditor(editor) { state.editor = editor; },
    /** The server's word on our ticks and vote (from `me`), unless a send of ours is still on its way. */
    adopt(me) {
      if (state.pending > 0) return;
      state.ticks = new Set(me.ticks || []);
      state.vote = me.vote || null;
    },
    toggleTick(id) {
      if (state.ticks.has(id)) state.ticks.delete(id);
      else state.ticks.add(id);
    },
    setVote(entryId) { state.vote = entryId; },
    sending() { state.pending += 1; },
    sent() { state.pending -= 1; },
    /** A status line ("saving", "saved", "error" with its text) per task: "tick", "vote". */
    setStatus(task, kind, error = null) { state.status[task] = { kind, error }; },
    status(task) { return state.status[task] || { kind: null, error: null }; },
  };
}
