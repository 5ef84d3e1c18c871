"""Background work of the audit log: the scheduled verification of the whole chain."""

from __future__ import annotations

from pactum.audit.schemas import ChainReport
from pactum.audit.service import record, verify_chain
from pactum.db import transaction
from pactum.workspace import Workspace


def verify_and_record(workspace: Workspace) -> ChainReport:
    """Verify the chain and write the outcome into it, so the log shows it was checked."""
    with workspace.reader()() as session:
        report = verify_chain(session)
    with transaction(workspace.sessions) as session:
        record(
            session,
            workspace.clock,
            actor="system:worker",
            action="audit.verified" if report.ok else "audit.tampering_detected",
            target="audit:chain",
            details=report.model_dump(mode="json"),
        )
    return report
