"""Shell commands: `flask --app app decks check [FILE...]`, `decks list`, `decks export ID [--to DIR]`,
and `users create|list|...`."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..core.deck import DeckInvalid, parse_deck
from ..service.deck_catalog import DeckRefused
from ..store.deck_files import load_deck_file, load_library
from ..store.users import ROLES

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
        cards = len(deck.cards)
        click.echo(f"ok      {path} ({deck.language}, {cards} card{'' if cards == 1 else 's'})")
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
    for row, _problems in current_app.extensions["cxgame"].decks.editor_decks():
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
            click.echo(f"ERROR   {deck_id} has {len(invalid.problems)} problems; fix them in the editor first",
                       err=True)
            failed += 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".toml.tmp")
        tmp.write_text(source, encoding="utf-8")
        tmp.replace(target)  # atomic: a reader never sees half a file
        click.echo(f"wrote   {target}")
    sys.exit(1 if failed else 0)


users_cli = AppGroup("users", help="Create and manage facilitator, trainer and admin accounts.")


def _accounts():
    return current_app.extensions["cxgame_accounts"]


def _password(from_stdin: bool) -> str:
    if from_stdin:  # for scripts and tests: the first line of standard input
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@users_cli.command("create")
@click.argument("username", required=False)
@click.option("--admin", is_flag=True, help="An admin, with every role (manages users, edits decks, runs sessions).")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES),
              help="A role to give (repeatable). Default: facilitator.")
@click.option("--display-name", default="", help="The name shown in the app (default: the username).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def create_user(username, admin, roles, display_name, password_stdin) -> None:
    """Create an account (prompts for the username and password unless given)."""
    from .auth import check_new_user

    username = (username or click.prompt("Username")).strip()
    roles = set(ROLES) if admin else set(roles or ("facilitator",))
    password = _password(password_stdin)
    problem = check_new_user(username, password, roles)
    if problem:
        _fail({"account.error.bad_username": "A username is 2-40 letters, digits or . _ @ - (starting with a "
                                             "letter or digit).",
               "account.error.bad_password": "A password is 8 to 256 characters.",
               "account.error.no_roles": "Give at least one role."}[problem])
    user = _accounts().create_user(username, password, roles, display_name)
    if user is None:
        _fail(f"The username {username!r} is taken.")
    click.echo(f"Created {user.username} ({' '.join(sorted(user.roles))}).")


@users_cli.command("list")
def list_users() -> None:
    """List every account with its roles, state and last sign-in."""
    for user in _accounts().users.all():
        last = time.strftime("%Y-%m-%d %H:%M", time.localtime(user.last_login_at)) if user.last_login_at else "never"
        state = "DISABLED" if user.disabled else "active"
        click.echo(f"{user.username:24} {' '.join(sorted(user.roles)):30} {state:8} last sign-in {last}")


def _user_or_fail(username: str):
    user = _accounts().users.by_username(username)
    if user is None:
        _fail(f"There is no user {username!r}.")
    return user


@users_cli.command("disable")
@click.argument("username")
def disable_user(username: str) -> None:
    """Refuse this account's sign-ins and end its open sessions."""
    _accounts().users.set_disabled(_user_or_fail(username).id, True)
    click.echo(f"Disabled {username}.")


@users_cli.command("enable")
@click.argument("username")
def enable_user(username: str) -> None:
    """Let a disabled account sign in again."""
    _accounts().users.set_disabled(_user_or_fail(username).id, False)
    click.echo(f"Enabled {username}.")


@users_cli.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def reset_password(username: str, password_stdin: bool) -> None:
    """Set a new password (signs the account out everywhere)."""
    from .auth import check_password

    user = _user_or_fail(username)
    password = _password(password_stdin)
    if check_password(password):
        _fail("A password is 8 to 256 characters.")
    _accounts().users.set_password(user.id, _accounts().hash(password))
    click.echo(f"New password set for {username}.")
