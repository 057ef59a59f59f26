"""Accounts on the web: password sign-in, the signed-cookie session, roles, CSRF.

    from game.web.auth import role_required, current_user

`role_required("trainer")` guards a page (redirects to the sign-in page) or a
JSON route under /api/ (answers 401 ``not_signed_in`` / 403 ``forbidden``).
An admin passes every role check. Players never sign in: their token is their
identity (see docs/protocol.md).
"""
from __future__ import annotations

import ipaddress
import os
import re
import secrets
import time
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, jsonify, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user  # noqa: F401
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..store.users import ROLES, SqlSessionOwners, SqlUserRepository, User, username_key
from .ratelimit import RateLimiter

csrf = CSRFProtect()
login_manager = LoginManager()

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{1,39}")
MIN_PASSWORD, MAX_PASSWORD = 8, 256


# --- the signing key ----------------------------------------------------------------------
def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder.

    Several processes (deploy/launch.py) may start at once on an empty folder: the key is
    written to a temporary file and hard-linked into place, so exactly one key wins and
    every process reads that one.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    folder = Path(instance_path)
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            temporary.unlink()
    return path.read_text().strip()


# --- who is signed in ----------------------------------------------------------------------
class Account(UserMixin):
    """The signed-in user as Flask-Login sees it."""

    def __init__(self, user: User):
        self.user = user
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name
        self.roles = user.roles

    def get_id(self) -> str:
        # The epoch rides in the cookie: a password reset or disable bumps it and old cookies die.
        return f"{self.user.id}:{self.user.session_epoch}"

    @property
    def is_active(self) -> bool:
        return not self.user.disabled

    def has_role(self, role: str) -> bool:
        return "admin" in self.roles or role in self.roles


@login_manager.user_loader
def _load(cookie_id: str):
    try:
        user_id, epoch = (int(part) for part in cookie_id.split(":"))
    except ValueError:
        return None
    user = accounts().users.get(user_id)
    if user is None or user.disabled or user.session_epoch != epoch:
        return None
    return Account(user)


# --- signing in ------------------------------------------------------------------------------
@dataclass
class SignIn:
    user: User | None
    wait: float = 0.0  # > 0: refused by the rate limit; try again after this many seconds


class Accounts:
    """Users, session owners, password hashing and the sign-in rate limits of one app."""

    def __init__(self, users: SqlUserRepository, owners: SqlSessionOwners, per_account: tuple[int, float],
                 per_address: tuple[int, float], hasher: PasswordHasher | None = None, clock=time.time):
        self.users, self.owners, self.clock = users, owners, clock
        self.hasher = hasher or PasswordHasher()
        # (burst, seconds per refill): failed attempts spend a token; per process (see README).
        self.account_limit = RateLimiter(rate=1 / per_account[1], burst=per_account[0])
        self.address_limit = RateLimiter(rate=1 / per_address[1], burst=per_address[0])
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def _verify(self, stored: str | None, password: str) -> bool:
        if stored is None:
            # Unknown user: spend the same time on a hash so timing does not tell who exists.
            if self._dummy is None:
                self._dummy = self.hasher.hash(secrets.token_hex(16))
            stored = self._dummy
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def sign_in(self, username: str, password: str, address: str) -> SignIn:
        key = username_key(username)
        wait = max(self.account_limit.retry_after(key), self.address_limit.retry_after(address))
        if wait > 0:
            return SignIn(None, wait)
        user = self.users.by_username(key) if USERNAME.fullmatch(key) else None
        ok = self._verify(user.password_hash if user else None, password)
        if not ok or user is None or user.disabled:
            self.account_limit.allow(key)
            self.address_limit.allow(address)
            return SignIn(None)
        if self.hasher.check_needs_rehash(user.password_hash):
            self.users.rehash(user.id, self.hasher.hash(password))
        self.users.record_login(user.id, self.clock())
        self.account_limit.forget(key)
        return SignIn(user)

    def create_user(self, username: str, password: str, roles, display_name: str = "",
                    only_if_empty: bool = False) -> User | None:
        return self.users.create(username, display_name, self.hash(password), roles, self.clock(),
                                 only_if_empty=only_if_empty)


def check_new_user(username: str, password: str, roles) -> str | None:
    """The catalog key of what is wrong with a new account's fields, or None."""
    if not USERNAME.fullmatch(username.strip()):
        return "account.error.bad_username"
    return check_password(password) or (None if roles and set(roles) <= set(ROLES) else "account.error.no_roles")


def check_password(password: str) -> str | None:
    return None if MIN_PASSWORD <= len(password) <= MAX_PASSWORD else "account.error.bad_password"


def accounts() -> Accounts:
    return current_app.extensions["cxgame_accounts"]


def sign_in_session(user: User) -> None:
    """Start a fresh cookie session for ``user`` (a new CSRF token, nothing carried over)."""
    from flask import session

    session.clear()
    login_user(Account(user))


def sign_out() -> None:
    from flask import session

    logout_user()
    session.clear()


def client_address() -> str:
    """The browser's address: behind our nginx (TRUST_PROXY=1) the one it forwarded."""
    if current_app.config.get("TRUST_PROXY"):
        return request.access_route[0]
    return request.remote_addr or "?"


def from_this_computer() -> bool:
    """True only if the request and every hop it was forwarded through are loopback addresses."""
    hops = [request.remote_addr or ""]
    for header in ("X-Forwarded-For", "X-Real-IP"):
        hops += [part.strip() for part in request.headers.get(header, "").split(",") if part.strip()]
    for hop in hops:
        try:
            if not ipaddress.ip_address(hop).is_loopback:
                return False
        except ValueError:
            return False
    return True


# --- guarding routes ------------------------------------------------------------------------
def _json_route() -> bool:
    return request.path.startswith("/api/") or request.is_json


def json_error(code: str, message: str, status: int):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def refusal(role: str):
    """The answer for a request that lacks ``role``: None if the current user has it."""
    if not current_user.is_authenticated:
        if _json_route():
            return json_error("not_signed_in", "Sign in first.", 401)
        return redirect(url_for("account.signin", next=request.full_path.rstrip("?")))
    if not current_user.has_role(role):
        if _json_route():
            return json_error("forbidden", f"This needs the {role} role.", 403)
        from .account_pages import forbidden_page
        return forbidden_page(role)
    return None


def role_required(role: str):
    """Only signed-in users with ``role`` (or admin) get through."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            refused = refusal(role)
            return refused if refused is not None else view(*args, **kwargs)
        return guarded
    return decorate


def owns(code: str) -> bool:
    """Is the signed-in user the facilitator who created session ``code``?"""
    if not current_user.is_authenticated or not current_user.has_role("facilitator"):
        return False
    return accounts().owners.owner_of(code) == current_user.id


# --- wiring ----------------------------------------------------------------------------------
def init_app(app, engine) -> None:
    # Flask's defaults hold these keys already (as None/False): fill in what nobody set.
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    if os.environ.get("SECURE_COOKIES") == "1":  # served over https only
        app.config["SESSION_COOKIE_SECURE"] = True
    # A set-up page may stay open for hours before its form is sent: the token lives as long
    # as the cookie session, which sign-in and sign-out replace.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config.setdefault("SIGNIN_LIMIT_PER_ACCOUNT", (5, 30.0))
    app.config.setdefault("SIGNIN_LIMIT_PER_ADDRESS", (20, 6.0))
    # argon2-cffi's defaults (RFC 9106's low-memory profile) unless set, e.g. cheaper for tests.
    # Each hash records its parameters; a sign-in re-hashes a password stored with other ones.
    hasher = PasswordHasher(**app.config.get("ARGON2_PARAMETERS", {}))
    app.extensions["cxgame_accounts"] = Accounts(
        SqlUserRepository(engine), SqlSessionOwners(engine),
        app.config["SIGNIN_LIMIT_PER_ACCOUNT"], app.config["SIGNIN_LIMIT_PER_ADDRESS"], hasher)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def _csrf_refused(error: CSRFError):
        if _json_route():
            return json_error("csrf_failed", "The page is out of date (security token missing or expired); "
                                             "reload it and try again.", 400)
        from .account_pages import csrf_page
        return csrf_page()

    from .account_pages import account
    from .admin import admin
    from .my_sessions import my_sessions
    for blueprint in (account, admin, my_sessions):
        app.register_blueprint(blueprint)
    from .cli import users_cli
    app.cli.add_command(users_cli)
