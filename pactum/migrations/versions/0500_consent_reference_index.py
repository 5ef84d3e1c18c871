"""consent events: the reference index holds only events that have a reference

Revision ID: 0500
Revises: 0400
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0500"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HAS_REFERENCE = sa.text("reference IS NOT NULL")


def upgrade() -> None:
    """Most events (API, banner, GPC) carry no reference: leaving them out of the index spares
    every such write one B-tree page (docs/decisions/0082)."""
    op.drop_index("ix_consent_events_reference", table_name="consent_events")
    op.create_index(
        "ix_consent_events_reference",
        "consent_events",
        ["reference"],
        sqlite_where=_HAS_REFERENCE,
        postgresql_where=_HAS_REFERENCE,
    )


def downgrade() -> None:
    op.drop_index("ix_consent_events_reference", table_name="consent_events")
    op.create_index("ix_consent_events_reference", "consent_events", ["reference"])
