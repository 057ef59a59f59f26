"""Accounts (trainers, facilitators, admins) and which sessions belong to whom, on SQLAlchemy.

Players never have accounts. Passwords arrive here already hashed: hashing is
the web layer's business (game/web/auth.py), storing is ours.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .db import WriteGate
from .tables import SessionRow, UserRow

ROLES = ("admin", "trainer", "facilitator")
# PostgreSQL advisory lock key for "create the first account": two set-up forms sent at once
# must not both find an empty table and both create an admin.
FIRST_USER_LOCK = 0x63786761_7573


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    password_hash: str
    roles: frozenset[str]
    disabled: bool
    session_epoch: int
    created_at: float
    last_login_at: float | None


@dataclass(frozen=True)
class OwnedSession:
    code: str
    deck_id: str
    phase: str
    created_at: float
    state_json: str
    organisation: str | None = None


def username_key(username: str) -> str:
    return username.strip().lower()


def _user(row) -> User:
    return User(row.id, row.username, row.display_name, row.password_hash,
                frozenset(row.roles.split()), bool(row.disabled), row.session_epoch, row.created_at,
                row.last_login_at)


def _roles_text(roles) -> str:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return " ".join(role for role in ROLES if role in roles)


class SqlUserRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._write = WriteGate(engine)

    # --- reading ---------------------------------------------------------------------
    def count(self) -> int:
        with self.engine.connect() as db:
            return db.execute(select(func.count()).select_from(UserRow)).scalar_one()

    def get(self, user_id: int) -> User | None:
        with self.engine.connect() as db:
            row = db.execute(select(UserRow).where(UserRow.id == user_id)).first()
        return _user(row) if row else None

    def by_username(self, username: str) -> User | None:
        with self.engine.connect() as db:
            row = db.execute(select(UserRow).where(UserRow.username_key == username_key(username))).first()
        return _user(row) if row else None

    def all(self) -> list[User]:
        with self.engine.connect() as db:
            rows = db.execute(select(UserRow).order_by(UserRow.username_key)).all()
        return [_user(row) for row in rows]

    # --- writing ---------------------------------------------------------------------
    def create(self, username: str, display_name: str, password_hash: str, roles, now: float,
               only_if_empty: bool = False) -> User | None:
        """The new user, or None if the name is taken (or, with only_if_empty, any user exists)."""
        values = dict(username=username.strip(), username_key=username_key(username),
                      display_name=display_name.strip() or username.strip(), password_hash=password_hash,
                      roles=_roles_text(roles), disabled=False, session_epoch=0, created_at=now)
        try:
            with self._write(), self.engine.begin() as db:
                if only_if_empty:
                    if db.dialect.name == "postgresql":
                        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FIRST_USER_LOCK})
                    if db.execute(select(func.count()).select_from(UserRow)).scalar_one():
                        return None
                new_id = db.execute(insert(UserRow).values(**values).returning(UserRow.id)).scalar_one()
        except IntegrityError:
            return None
        return self.get(new_id)

    def _update(self, user_id: int, **values) -> bool:
        with self._write(), self.engine.begin() as db:
            return db.execute(update(UserRow).where(UserRow.id == user_id).values(**values)).rowcount == 1

    def set_roles(self, user_id: int, roles) -> bool:
        return self._update(user_id, roles=_roles_text(roles))

    def set_disabled(self, user_id: int, disabled: bool) -> bool:
        # A new epoch signs out every browser of a disabled user (and stays bumped on enable).
        return self._update(user_id, disabled=disabled, session_epoch=UserRow.session_epoch + 1)

    def end_sessions(self, user_id: int) -> bool:
        """Sign-out: a new epoch, so no cookie issued before now opens a page any more."""
        return self._update(user_id, session_epoch=UserRow.session_epoch + 1)

    def set_password(self, user_id: int, password_hash: str) -> bool:
        return self._update(user_id, password_hash=password_hash, session_epoch=UserRow.session_epoch + 1)

    def rehash(self, user_id: int, password_hash: str) -> bool:
        """A stronger hash of the same password (argon2 parameters went up): nobody is signed out."""
        return self._update(user_id, password_hash=password_hash)

    def record_login(self, user_id: int, now: float) -> bool:
        return self._update(user_id, last_login_at=now)


class SqlSessionOwners:
    """Which facilitator created which session (sessions.owner_id), apart from the game's repository."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._write = WriteGate(engine)

    def claim(self, code: str, owner_id: int, organisation: str | None = None) -> bool:
        with self._write(), self.engine.begin() as db:
            return db.execute(update(SessionRow).where(SessionRow.code == code)
                              .values(owner_id=owner_id, organisation=organisation or None)).rowcount == 1

    def owner_of(self, code: str) -> int | None:
        with self.engine.connect() as db:
            return db.execute(select(SessionRow.owner_id).where(SessionRow.code == code)).scalar()

    def owned_by(self, owner_id: int, limit: int = 200) -> list[OwnedSession]:
        with self.engine.connect() as db:
            rows = db.execute(select(SessionRow.code, SessionRow.deck_id, SessionRow.phase, SessionRow.created_at,
                                     SessionRow.state, SessionRow.organisation)
                              .where(SessionRow.owner_id == owner_id)
                              .order_by(SessionRow.created_at.desc()).limit(limit)).all()
        return [OwnedSession(r.code, r.deck_id, r.phase, r.created_at, r.state, r.organisation) for r in rows]

    def organisation_of(self, code: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(select(SessionRow.organisation).where(SessionRow.code == code)).scalar()
