"""SQLAlchemy tables. Schema changes go through Alembic (game/store/migrations)."""
from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    """One session: the latest snapshot of its state and the version that guards it."""

    __tablename__ = "sessions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    host_token_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    deck_id: Mapped[str] = mapped_column(String(64), nullable=False)
    phase: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)
    # Copied out of the snapshot so the ticker finds due sessions with an index.
    deadline: Mapped[float | None] = mapped_column(Float, nullable=True)
    state: Mapped[str] = mapped_column(Text, nullable=False)
    # The version ``state`` is a snapshot of. The commands of later versions are in the log
    # (the snapshot is rewritten about once a second, not on every batch of commands).
    snapshot_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # The facilitator who created it (None for sessions from before accounts existed).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The client organisation the facilitator named for it ("My sessions" groups by it).
    organisation: Mapped[str | None] = mapped_column(String(80), nullable=True)

    __table_args__ = (Index("ix_sessions_deadline", "deadline"), Index("ix_sessions_owner", "owner_id", "created_at"),
                      Index("ix_sessions_organisation", "owner_id", "organisation"))


class CommandRow(Base):
    """The append-only log of accepted commands: for replay, audit and export."""

    __tablename__ = "commands"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_code: Mapped[str] = mapped_column(ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[float] = mapped_column(Float, nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)

    __table_args__ = (Index("ix_commands_session", "session_code", "version"),)


class UserRow(Base):
    """A trainer, facilitator or admin. Players never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Sign-in name as typed; `username_key` (lower-cased) is what lookups and uniqueness use.
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    username_key: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    # Space-separated subset of "admin trainer facilitator".
    roles: Mapped[str] = mapped_column(String(64), nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Bumped on password reset or disable so that cookies signed before it stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    last_login_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class DeckRow(Base):
    """A deck written in the browser editor. Shipped decks stay files in scenarios/ (read-only)."""

    __tablename__ = "decks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Guards concurrent edits: a save names the version it started from.
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The deck in the same TOML format as a scenarios/ file, so export is the text itself.
    source: Mapped[str] = mapped_column(Text, nullable=False)
    valid: Mapped[bool] = mapped_column(Boolean, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    card_count: Mapped[int] = mapped_column(Integer, nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)


class FollowUpRow(Base):
    """A session's follow-up link (the charter's "did we keep it?" page, /f/<token>)."""

    __tablename__ = "followups"

    session_code: Mapped[str] = mapped_column(ForeignKey("sessions.code", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)


class FollowUpAnswerRow(Base):
    """One phone's answer for one promise in one month (game/service/followup.py)."""

    __tablename__ = "followup_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_code: Mapped[str] = mapped_column(ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False)
    month: Mapped[str] = mapped_column(String(7), nullable=False)  # YYYY-MM, UTC
    device_hash: Mapped[str] = mapped_column(String(64), nullable=False)  # sha256 of the phone's cookie id
    promise_id: Mapped[str] = mapped_column(String(16), nullable=False)
    answer: Mapped[str] = mapped_column(String(8), nullable=False)
    why: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    at: Mapped[float] = mapped_column(Float, nullable=False)

    # One answer per phone, promise and month: the database refuses a second.
    __table_args__ = (UniqueConstraint("session_code", "month", "device_hash", "promise_id",
                                       name="uq_followup_answer_once"),
                      Index("ix_followup_answers_session", "session_code", "month"))
