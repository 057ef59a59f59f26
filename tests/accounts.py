"""Accounts for the live-server tests: create one in the server's database, sign a client in.

One helper for every test layer that talks to a real server (protocol, deploy, browser).
"""
from __future__ import annotations

import re

import requests

FACILITATOR = ("facilitator", "facilitator-password")
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def create_account(database_url: str, username: str = FACILITATOR[0], password: str = FACILITATOR[1],
                   roles=("facilitator",)) -> None:
    """Add a user straight into the database (migrating it first); an existing name is left as it is."""
    from argon2 import PasswordHasher

    from game.store.db import make_engine, migrate
    from game.store.users import SqlUserRepository

    engine = make_engine(database_url)
    try:
        migrate(engine)
        SqlUserRepository(engine).create(username, username, PasswordHasher().hash(password), roles, 0.0)
    finally:
        engine.dispose()


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html) or _FORM_TOKEN.search(html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def sign_in(base_url: str, username: str = FACILITATOR[0], password: str = FACILITATOR[1],
            http: requests.Session | None = None) -> requests.Session:
    """A requests session signed in through the real form, sending X-CSRFToken on every request."""
    http = http or requests.Session()
    page = http.get(base_url + "/signin", timeout=5)
    assert page.status_code == 200, page.text
    done = http.post(base_url + "/signin", timeout=5, data={
        "csrf_token": csrf_token(page.text), "username": username, "password": password, "next": "/"})
    assert done.status_code == 200 and done.url.rstrip("/") == base_url.rstrip("/"), done.text[:500]
    # Signing in starts a fresh cookie session with a fresh token: take it from the page we landed on.
    http.headers["X-CSRFToken"] = csrf_token(done.text)
    return http


def disable_account(database_url: str, username: str) -> None:
    """What an admin's Disable button does, straight in the database of a running server."""
    from game.store.db import make_engine
    from game.store.users import SqlUserRepository

    engine = make_engine(database_url)
    try:
        users = SqlUserRepository(engine)
        users.set_disabled(users.by_username(username).id, True)
    finally:
        engine.dispose()


def cookie_header(http: requests.Session) -> str:
    """The Cookie header a browser with this cookie jar sends (for a Socket.IO handshake)."""
    return "; ".join(f"{name}={value}" for name, value in http.cookies.items())
