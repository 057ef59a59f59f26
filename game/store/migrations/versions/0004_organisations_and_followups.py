"""sessions.organisation; the follow-up link and its monthly answers

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("organisation", sa.String(80), nullable=True))
        batch.create_index("ix_sessions_organisation", ["owner_id", "organisation"])
    op.create_table(
        "followups",
        sa.Column("session_code", sa.String(12), sa.ForeignKey("sessions.code", ondelete="CASCADE"), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "followup_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_code", sa.String(12), sa.ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("device_hash", sa.String(64), nullable=False),
        sa.Column("promise_id", sa.String(16), nullable=False),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("why", sa.String(400), nullable=False, server_default=""),
        sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("at", sa.Float, nullable=False),
        sa.UniqueConstraint("session_code", "month", "device_hash", "promise_id", name="uq_followup_answer_once"),
    )
    op.create_index("ix_followup_answers_session", "followup_answers", ["session_code", "month"])


def downgrade() -> None:
    op.drop_index("ix_followup_answers_session", "followup_answers")
    op.drop_table("followup_answers")
    op.drop_table("followups")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_organisation")
        batch.drop_column("organisation")
