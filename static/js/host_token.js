// The host token on the facilitator's devices: kept in localStorage, or taken
// once from the URL fragment (#token=...) of a remote or projector link and
// removed from the address bar at once (never in the history or a screenshot).

import { storage, hostKey } from "./net.js";

export function hostToken(code) {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    storage.set(hostKey(code), decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return storage.get(hostKey(code));
}
