// Join codes on the client: the one copy of the alphabet on the JS side
// (game/core/session.py JOIN_ALPHABET is the server's; a test keeps them equal).

export const JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L
export const CODE_LENGTH = 6;

/** What a person typed, as a code: upper case, only the alphabet, at most six characters. */
export function normalizeCode(value) {
  return String(value || "").toUpperCase().split("").filter((ch) => JOIN_ALPHABET.includes(ch))
    .join("").slice(0, CODE_LENGTH);
}
