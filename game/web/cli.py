"""Shell commands: `flask --app app decks check [FILE...]`, `decks list` and `decks export ID [--to DIR]`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..core.deck import DeckInvalid, parse_deck
from ..store.deck_catalog import DeckRefused
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
    for row in current_app.extensions["cxgame"].decks.repository.list():
        state = "editor" if row.valid else "editor, DRAFT with problems: not offered"
        click.echo(f"{row.id:40} {row.language:2}  {row.card_count:2} cards  {row.title}  ({state})")


@decks_cli.command("export")
@click.argument("deck_ids", nargs=-1, required=True)
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write <id>.toml into this folder (e.g. scenarios/) instead of printing it.")
@click.option("--force", is_flag=True, help="Replace a file that already exists.")
def export(deck_ids: tuple[str, ...], folder: Path | None, force: bool) -> None:
    """Write editor decks (from the database) as scenarios/-format TOML files."""
    catalog = current_app.extensions["cxgame"].decks
    failed = 0
    for deck_id in deck_ids:
        try:
            source, _shipped = catalog.source_of(deck_id)
        except DeckRefused as refused:
            click.echo(f"ERROR   {deck_id}: {refused.message}", err=True)
            failed += 1
            continue
        if folder is None:
            click.echo(source, nl=False)
            continue
        target = folder / f"{deck_id}.toml"
        if target.exists() and not force:
            click.echo(f"ERROR   {target} exists; use --force to replace it", err=True)
            failed += 1
            continue
        try:
            parse_deck(source, target.name, expected_id=deck_id)
        except DeckInvalid as invalid:
            # A draft would make scenarios/ fail its checks: keep it in the editor until it is valid.
            click.echo(f"ERROR   {deck_id} has {len(invalid.problems)} problems; fix them in the editor first", err=True)
            failed += 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".toml.tmp")
        tmp.write_text(source, encoding="utf-8")
        tmp.replace(target)  # atomic: a reader never sees half a file
        click.echo(f"wrote   {target}")
    sys.exit(1 if failed else 0)
