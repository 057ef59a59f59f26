"""What the benchmark plays: the deck it copies for the server and the facilitator's plan of moves."""
from __future__ import annotations

import re
from pathlib import Path

from .processes import ROOT

DECK_FILE = ROOT / "scenarios" / "complaints-at-the-counter-en.toml"
CLOSING_FILE = ROOT / "scenarios" / "our-promises-en.toml"
TIMERS = r"(?m)^(story|diagnose|draft|vote|reveal|collect|group|choose|live|commit)\s*=\s*\d+\s*$"


def bench_deck(folder: Path) -> str:
    """The shipped two-card deck with every timer off (only the facilitator moves the game on),
    closing with the shipped promises activity (end_with_promises), whose timers are off too."""
    text = re.sub(TIMERS, r"\1 = 0", DECK_FILE.read_text())
    text = re.sub(r"(?m)^(author = .*)$", r"\1\nend_with_promises = true", text, count=1)
    (folder / DECK_FILE.name).write_text(text)
    (folder / CLOSING_FILE.name).write_text(re.sub(TIMERS, r"\1 = 0", CLOSING_FILE.read_text()))
    return DECK_FILE.stem


PROMISES_PHASES = ("collect", "group", "choose", "live", "commit")


def round_plan(card_count: int, promises: bool = True) -> list[tuple[str, str, int]]:
    """(facilitator action, phase every phone then shows, card index): two cases, the closing
    promises activity (the deck's last card), then end."""
    cards = min(2, card_count - 1 if promises else card_count)
    plan = [("start", "story", 0)]
    for card in range(cards):
        if card:
            plan.append(("next", "story", card))
        plan += [("next", "diagnose", card), ("next", "draft", card), ("next", "vote", card), ("next", "reveal", card)]
    if promises:
        plan += [("next", phase, cards) for phase in PROMISES_PHASES]
    plan.append(("end", "finished", card_count - 1 if promises else cards - 1))
    return plan
