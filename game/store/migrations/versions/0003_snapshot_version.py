"""sessions.snapshot_version: the version the stored state is of; later versions are in the log

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("snapshot_version", sa.Integer, nullable=False, server_default="0"))
    # Every session stored so far has its state written at its latest version.
    op.execute("UPDATE sessions SET snapshot_version = version")


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("snapshot_version")
