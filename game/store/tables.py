"""SQLAlchemy tables. Schema changes go through Alembic (game/store/migrations)."""
from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
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

    __table_args__ = (Index("ix_sessions_deadline", "deadline"),)


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
