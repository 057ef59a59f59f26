"""Shell commands: `flask --app app decks check [FILE...]` and `flask --app app decks list`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..core.deck import DeckInvalid
from ..store.decks import load_deck_file, load_library

decks_cli = AppGroup("decks", help="Check and list scenario decks.")


@decks_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate deck files (default: every deck in the scenarios folder). Exit code 1 if any is invalid."""
    folder = Path(current_app.config["SCENARIOS_DIR"])
    paths = list(files) or sorted(folder.glob("*.toml"))
    bad = 0
    for path in paths:
        try:
            deck = load_deck_file(path)
        except DeckInvalid as invalid:
            bad += 1
            click.echo(f"INVALID {path}")
            for problem in invalid.problems:
                click.echo(f"  {problem}")
            continue
        click.echo(f"ok      {path} ({deck.language}, {len(deck.cards)} cards)")
    click.echo(f"{len(paths) - bad} valid, {bad} invalid")
    sys.exit(1 if bad or not paths else 0)


@decks_cli.command("list")
def list_decks() -> None:
    """List the decks the server would offer, and the broken ones."""
    library = load_library(Path(current_app.config["SCENARIOS_DIR"]))
    for deck in library.decks.values():
        click.echo(f"{deck.id:40} {deck.language}  {len(deck.cards):2} cards  {deck.title}")
    for name, problems in library.broken.items():
        click.echo(f"{name:40} BROKEN ({len(problems)} problems; run `decks check`)")
