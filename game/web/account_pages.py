"""Sign-in, sign-out and the one-time set-up page that creates the first account."""
from __future__ import annotations

import math

from flask import Blueprint, abort, redirect, request, url_for

from ..store.users import ROLES
from .auth import accounts, check_new_user, client_address, current_user, from_this_computer, sign_in_session, sign_out
from .pages import render

account = Blueprint("account", __name__)

ALL_ROLES = ROLES  # the first account can do everything, including adding the others


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.index")


@account.route("/signin", methods=["GET", "POST"])
def signin():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render("signin.html", next_url=next_url, username="", error=None)
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    attempt = accounts().sign_in(username, password, client_address())
    if attempt.wait:
        return render("signin.html", next_url=next_url, username=username, error="account.error.too_many",
                      wait=math.ceil(attempt.wait)), 429
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
    return from_this_computer() and accounts().users.count() == 0


@account.route("/setup", methods=["GET", "POST"])
def setup():
    # Reachable only on a brand-new install and only from the server's own computer;
    # afterwards (or from anywhere else) it does not exist.
    if not _setup_open():
        abort(404)
    if request.method == "GET":
        return render("setup.html", username="", display_name="", error=None)
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
    return redirect(url_for("pages.index"))


def forbidden_page(role: str):
    return render("message.html", title_key="account.forbidden_title", message_key="account.forbidden." + role,
                  name=current_user.display_name), 403


def csrf_page():
    return render("message.html", title_key="account.csrf_title", message_key="account.csrf_message", name=""), 400
