"""Sign-in, sign-out and the one-time set-up page that creates the first account."""
from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, url_for

from ..store.users import ROLES
from .auth import (
    accounts,
    check_new_user,
    client_address,
    current_user,
    from_this_computer,
    on_loopback_host,
    sign_in_session,
    sign_out,
)
from .pages import render

account = Blueprint("account", __name__)

ALL_ROLES = ROLES  # the first account can do everything, including adding the others


# What a browser drops from a URL before it reads it (WHATWG URL: tab and newline anywhere,
# C0 controls and spaces at either end), so we check the URL the browser will follow.
_BROWSER_DROPS = re.compile(r"[\t\n\r]")
_PLAIN_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else.

    ``target`` is normalised the way a browser would read it first: tabs and newlines
    removed, surrounding controls and spaces stripped, backslashes taken as slashes. What
    is left must be a plain ASCII path (no scheme, no host, not ``//``) or we go home."""
    if target:
        path = _BROWSER_DROPS.sub("", target).strip("".join(map(chr, range(33)))).replace("\\", "/")
        parts = urlsplit(path)
        if _PLAIN_PATH.fullmatch(path) and not parts.scheme and not parts.netloc:
            return path
    return url_for("pages.index")


@account.get("/signin")
def signin_page():
    return render("signin.html", next_url=safe_next(request.args.get("next")), username="", error=None)


# GET and POST are separate views, so HEAD (Flask answers it with the GET view) never changes anything.
@account.post("/signin")
def signin():
    next_url = safe_next(request.values.get("next"))
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    attempt = accounts().sign_in(username, password, client_address())
    if attempt.wait:
        return render("signin.html", next_url=next_url, username=username, error="account.error.too_many",
                      wait=math.ceil(attempt.wait)), 429, {"Retry-After": str(math.ceil(attempt.wait))}
    if attempt.user is None:
        # One message for unknown name, wrong password and disabled account alike.
        return render("signin.html", next_url=next_url, username=username, error="account.error.wrong"), 401
    sign_in_session(attempt.user)
    return redirect(next_url)


@account.post("/signout")
def signout():
    sign_out()
    return redirect(url_for("pages.index"))


def _setup_open() -> bool:
    # The Host check stops DNS rebinding: a foreign page whose name now points at 127.0.0.1
    # comes from this computer's browser, but under its own host name.
    return from_this_computer() and on_loopback_host() and accounts().users.count() == 0


@account.get("/setup")
def setup_page():
    # Reachable only on a brand-new install and only from the server's own computer;
    # afterwards (or from anywhere else) it does not exist.
    if not _setup_open():
        abort(404)
    return render("setup.html", username="", display_name="", error=None)


@account.post("/setup")
def setup():
    if not _setup_open():
        abort(404)
    username = request.form.get("username", "").strip()[:200]
    display_name = request.form.get("display_name", "").strip()[:80]
    password = request.form.get("password", "")[:1000]
    error = check_new_user(username, password, ALL_ROLES)
    if not error and password != request.form.get("password_again", ""):
        error = "account.error.mismatch"
    if error:
        return render("setup.html", username=username, display_name=display_name, error=error), 400
    user = accounts().create_user(username, password, ALL_ROLES, display_name, only_if_empty=True)
    if user is None:  # someone else finished the set-up a moment ago
        abort(404)
    sign_in_session(user)
    return redirect(url_for("account.welcome"))


@account.get("/welcome")
def welcome():
    """Where the first admin lands after the set-up: what to do next, in three links."""
    if not current_user.is_authenticated:
        return redirect(url_for("account.signin", next=url_for("account.welcome")))
    return render("welcome.html", name=current_user.display_name or current_user.username)


def forbidden_page(role: str):
    return render("message.html", title_key="account.forbidden_title", message_key="account.forbidden." + role,
                  name=current_user.display_name), 403


def csrf_page():
    return render("message.html", title_key="account.csrf_title", message_key="account.csrf_message", name=""), 400
