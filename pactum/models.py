"""Every table of Pactum's own database, in one metadata, for Alembic and the tests."""

from pactum.accounts.models import StaffMember
from pactum.audit.models import AuditEntry, AuditHead
from pactum.db import Base
from pactum.inventory.models import InventoryVersion
from pactum.policy.models import PolicyVersion

__all__ = [
    "AuditEntry",
    "AuditHead",
    "Base",
    "InventoryVersion",
    "PolicyVersion",
    "StaffMember",
]
