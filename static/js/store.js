// The client's copy of its view: sections {session, team, me, host}, each
// replaced whole when it arrives. Subscribers run once per animation frame
// with the state and the set of sections that changed since their last run.
//
// Views carry the session's version (the count of changes the server stored).
// A view older than one already applied (a late packet from before a phase
// change, a sync answer overtaken by a broadcast) is ignored, so the screen
// never steps back. A view without a version (an older server) is applied.

const SECTIONS = ["session", "team", "me", "host", "screen"];

/** The session version a view carries: at its top level, or in any of its sections (the newest). */
export function viewVersion(view) {
  const found = [view.version, ...SECTIONS.map((name) => view[name] && view[name].version)]
    .filter((v) => typeof v === "number");
  return found.length ? Math.max(...found) : null;
}

export function createStore() {
  const state = { session: null, team: null, me: null, host: null, screen: null };
  let version = -1;
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
    /** A `view` payload: replace each section present, keep the others; false if it was older. */
    apply(view) {
      if (!view || typeof view !== "object") return false;
      const incoming = viewVersion(view);
      if (incoming !== null) {
        if (incoming < version) return false;
        version = incoming;
      }
      for (const section of SECTIONS) {
        if (section in view) {
          state[section] = view[section];
          schedule(section);
        }
      }
      return true;
    },
    /** The newest session version applied (-1 before any versioned view). */
    get version() {
      return version;
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
