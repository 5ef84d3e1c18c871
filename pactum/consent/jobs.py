"""Background work of consent: delivering state changes by webhook, and re-enqueueing lost ones."""

from __future__ import annotations

import os
from datetime import timedelta

from pactum.consent import deliveries
from pactum.consent.schemas import DeliveryOutcome
from pactum.consent.webhooks import Attempt, post_webhook
from pactum.db import transaction
from pactum.workspace import Workspace

REQUEUE_AFTER = timedelta(minutes=5)


def deliver(workspace: Workspace, delivery_id: int, *, timeout: float = 10.0) -> DeliveryOutcome:
    """One attempt: claim the row, POST the signed change, record the outcome and the next try.

    The HTTP call happens outside any transaction: a hanging receiver holds no database lock.
    """
    with transaction(workspace.sessions) as session:
        claimed = deliveries.claim(session, delivery_id, workspace.clock.now(), lease=timeout + 30)
        if claimed is None:  # delivered, not due yet, or another worker has it
            return DeliveryOutcome(delivery_id=delivery_id, delivered=False, attempted=False)
        body = deliveries.payload(session, claimed)
        url, secret_env = claimed.url, claimed.secret_env
    secret = os.environ.get(secret_env, "")
    if secret:
        attempt = post_webhook(
            url,
            secret.encode(),
            body,
            now=workspace.clock.now(),
            delivery_id=delivery_id,
            timeout=timeout,
        )
    else:
        attempt = Attempt(ok=False, error=f"the environment variable {secret_env} is not set")
    with transaction(workspace.sessions) as session:
        return deliveries.record_attempt(session, delivery_id, attempt, workspace.clock.now())


def lost_deliveries(workspace: Workspace) -> list[int]:
    """Deliveries overdue by several minutes (a crash between commit and enqueue, a lost retry)."""
    with workspace.reader()() as session:
        return deliveries.due_deliveries(session, workspace.clock.now(), grace=REQUEUE_AFTER)
