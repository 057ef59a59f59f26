// The promises activity's numbers and the parts of a behaviour, as the server's rules have them
// (game/core/promise_board.py; tests/web/test_front_end_shape.py keeps them equal).

export const DOTS = 3; // DOTS_PER_PLAYER
export const CHOSEN_MIN = 3;
export const CHOSEN_MAX = 5;
export const PARTS = ["we_do", "we_dont", "appreciate", "measure"];
