// The client's copy of its view: sections {session, team, me, host}, each
// replaced whole when it arrives. Subscribers run once per animation frame
// with the state and the set of sections that changed since their last run.

const SECTIONS = ["session", "team", "me", "host"];

export function createStore() {
  const state = { session: null, team: null, me: null, host: null };
  const listeners = new Set();
  let changed = new Set();
  let scheduled = false;

  function flush() {
    scheduled = false;
    const sections = changed;
    changed = new Set();
    for (const fn of listeners) {
      try {
        fn(state, sections);
      } catch (error) {
        console.error(error);
      }
    }
  }

  function schedule(section) {
    changed.add(section);
    if (scheduled) return;
    scheduled = true;
    // A frame when visible; a hidden tab still catches up through the timeout.
    const run = () => { if (scheduled) flush(); };
    requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  return {
    state,
    /** A `view` payload: replace each section present, keep the others. */
    apply(view) {
      if (!view || typeof view !== "object") return;
      for (const section of SECTIONS) {
        if (section in view) {
          state[section] = view[section];
          schedule(section);
        }
      }
    },
    /** Change part of one section (a `timer`, `progress` or `draft` event). */
    patch(section, fn) {
      if (!state[section]) return;
      fn(state[section]);
      schedule(section);
    },
    /** Re-run subscribers for a local change (e.g. the connection status). */
    touch(section = "local") {
      schedule(section);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
