"""Every table of Pactum's own database, in one metadata, for Alembic and the tests."""

from pactum.accounts.models import (
    ApiKey,
    RateBucket,
    StaffAssignment,
    StaffMember,
    StaffSession,
)
from pactum.audit.models import AuditEntry, AuditHead
from pactum.consent.models import (
    ConsentDelivery,
    ConsentEvent,
    ConsentHead,
    ConsentIdentity,
    ConsentPerson,
    ConsentRestriction,
    ConsentStateRow,
)
from pactum.db import Base
from pactum.inventory.models import InventoryVersion
from pactum.policy.models import PolicyVersion
from pactum.privacy_requests.models import (
    PackageLink,
    PrivacyRequest,
    RequestEvent,
    RequestStep,
    VerificationCode,
)
from pactum.web.models import ReceivedComplaint

__all__ = [
    "ApiKey",
    "AuditEntry",
    "AuditHead",
    "Base",
    "ConsentDelivery",
    "ConsentEvent",
    "ConsentHead",
    "ConsentIdentity",
    "ConsentPerson",
    "ConsentRestriction",
    "ConsentStateRow",
    "InventoryVersion",
    "PackageLink",
    "PolicyVersion",
    "PrivacyRequest",
    "RateBucket",
    "ReceivedComplaint",
    "RequestEvent",
    "RequestStep",
    "StaffAssignment",
    "StaffMember",
    "StaffSession",
    "VerificationCode",
]
