"""Records kept as long as the policy says (24 months at least for California), then purged to
keyed hashes; the outbox scrubbed of a person however their mail was encoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pactum.audit.models import AuditEntry
from pactum.db import transaction
from pactum.errors import NotFound
from pactum.mail import Mail, Mailer, read_outbox
from pactum.privacy_requests import forgetting, review, service
from pactum.privacy_requests.models import PrivacyRequest, RequestEvent
from pactum.workspace import Workspace
from tests.builders import FixedClock
from tests.privacy_requests.company import submit


def decline(workspace: Workspace, request_id: str) -> None:
    with transaction(workspace.sessions) as session:
        review.decline(
            session, workspace.clock, request_id, ground="cannot_verify",
            reason="We could not reach you at the address given.", actor="staff:1",
        )  # fmt: skip


def test_californian_records_are_kept_24_months_even_if_the_policy_says_less(
    published: Workspace,
) -> None:
    request = submit(published, region="US-CA").request  # the policy says 12 months
    decline(published, request.id)
    eu = submit(published, region="DE").request  # the policy says 36 months
    decline(published, eu.id)
    with published.reader()() as session:
        kept = {r.id: r.keep_until for r in session.scalars(select(PrivacyRequest))}
    assert kept[request.id].date().isoformat() == "2028-11-23"
    assert kept[eu.id].date().isoformat() == "2029-11-23"


def test_expired_records_are_reduced_to_keyed_hashes(
    published: Workspace, clock: FixedClock
) -> None:
    request = submit(published, region="US-CA").request
    decline(published, request.id)
    Mailer(sender="p@x.test", smtp_url=None, outbox=published.outbox).send(
        Mail(to="ada@example.test", subject="Our decision", text="Dear ada@example.test")
    )
    clock.advance(days=730)
    assert forgetting.purge_expired(published) == 0
    clock.advance(days=2)
    assert forgetting.purge_expired(published) == 1
    with published.reader()() as session:
        row = session.get(PrivacyRequest, request.id)
        events = session.scalars(select(RequestEvent)).all()
        purged = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy_request.purged")
        ).one()
        with pytest.raises(NotFound):
            service.get_request(session, request.id)
    assert row is not None and row.identity_value is None and row.purged_at is not None
    assert row.subject == request.subject and row.type == "access" and row.received_at
    assert events == [] and purged.subject == request.subject
    assert b"ada@example.test" not in b"".join(p.read_bytes() for p in published.outbox.iterdir())


def test_the_outbox_is_scrubbed_even_in_encoded_mail(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    mailer = Mailer(sender="p@x.test", smtp_url=None, outbox=outbox)
    mailer.send(Mail(to="Ada@Example.test", subject="Ünïcödé → ada@example.test",
                     text="Grüße, ada@example.test → " + "é" * 200, html="<p>ada@example.test</p>"))  # fmt: skip
    mailer.send(Mail(to="bob@example.test", subject="Hello", text="Nothing about her"))
    assert forgetting.scrub_outbox(outbox, {"ada@example.test"}, "HASHED") == 1
    [first] = [m for m in read_outbox(outbox) if m["To"] != "bob@example.test"]
    texts = [first["To"], first["Subject"]]
    texts += [part.get_content() for part in first.walk() if part.get_content_maintype() == "text"]
    assert all("ada@example.test" not in t.lower() for t in texts)
    assert "HASHED" in first["To"]
