"""Propagation: signed webhooks to the inventory's systems, retries with back-off, the delivery log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from pactum.cli import app as cli
from pactum.config import Settings
from pactum.consent import jobs
from pactum.consent.deliveries import legal_window
from pactum.consent.ledger import Choice, record_choice
from pactum.consent.links import link
from pactum.consent.models import Channel, ConsentDelivery, State
from pactum.consent.people import Subject
from pactum.consent.webhooks import signed_headers, verify_webhook
from pactum.db import transaction
from pactum.errors import Forbidden
from pactum.identities import Identity, normalize
from pactum.inventory.service import read_inventory_source, store_inventory
from pactum.policy.service import current_policy
from pactum.tasks import build_queue
from pactum.workspace import Workspace, open_workspace
from tests.builders import FixedClock, published_policy, webhook_inventory_yaml
from tests.services import free_port

SECRET = "s3cret-shared-with-the-newsletter-tool"
ADA = normalize("email", "ada@example.com")


class Receiver(ThreadingHTTPServer):
    """A downstream system: records what it is sent, answers `status`, or hangs when told to."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", free_port()), _Handler)
        self.status = 200
        self.hang = threading.Event()
        self.release = threading.Event()
        self.received: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/consent-hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.hang.is_set():
            self.server.release.wait(timeout=10)
        self.server.received.append((dict(self.headers.items()), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def wired(workspace: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The consent policy, and an inventory whose newsletter tool takes webhooks."""
    monkeypatch.setenv("NEWSLETTER_WEBHOOK_SECRET", SECRET)
    policy = published_policy(workspace)
    text = webhook_inventory_yaml(url=receiver.url)
    inventory, _ = read_inventory_source(text, "inventory.yaml", policy)
    with transaction(workspace.sessions) as session:
        store_inventory(
            session, workspace.clock, inventory, text=text, source_name="i.yaml", actor="t"
        )
    return workspace


def choose(workspace: Workspace, identity: Identity, purpose: str, state: State) -> list[int]:
    with transaction(workspace.sessions) as session:
        choice = Choice(purpose, state, Channel.API)
        subject = Subject.of(identity, workspace.key)
        return record_choice(
            session, workspace.clock, current_policy(session), subject, choice
        ).deliveries


def delivery(workspace: Workspace, delivery_id: int) -> ConsentDelivery:
    with workspace.sessions() as session:
        return session.get_one(ConsentDelivery, delivery_id)


def test_a_change_is_delivered_signed_to_the_systems_listing_the_purpose(
    wired: Workspace, receiver: Receiver
) -> None:
    [delivery_id] = choose(wired, ADA, "marketing_email", State.WITHDRAWN)
    assert choose(wired, ADA, "product_news", State.WITHDRAWN) == []  # no system lists it
    assert choose(wired, ADA, "marketing_email", State.WITHDRAWN) == []  # no change
    outcome = jobs.deliver(wired, delivery_id)
    assert outcome.delivered and outcome.attempted
    [(headers, body)] = receiver.received
    verify_webhook(SECRET.encode(), headers, body, wired.clock.now())
    sent = json.loads(body)
    assert (sent["purpose"], sent["state"], sent["event"]) == ("marketing_email", "withdrawn", 1)
    assert sent["identities"] == [
        {"kind": "email", "value": "ada@example.com", "hash": ADA.hashed(wired.key)}
    ]
    row = delivery(wired, delivery_id)
    assert (row.status, row.attempts, row.window) == ("delivered", 1, "CAN-SPAM: 10 business days")
    assert not jobs.deliver(wired, delivery_id).attempted  # delivered once, never again


def test_a_receiver_answering_500_is_retried_with_back_off_and_reported(
    wired: Workspace, receiver: Receiver, clock: FixedClock, cli_env: Settings
) -> None:
    receiver.status = 500
    [delivery_id] = choose(wired, ADA, "marketing_email", State.WITHDRAWN)
    waits = []
    for _ in range(5):
        outcome = jobs.deliver(wired, delivery_id)
        assert outcome.attempted and not outcome.delivered and outcome.error == "HTTP 500"
        assert not jobs.deliver(wired, delivery_id).attempted  # not due before its back-off
        waits.append(outcome.retry_in)
        clock.advance(seconds=outcome.retry_in or 0)
    assert waits == [10, 20, 40, 80, 160]
    row = delivery(wired, delivery_id)
    assert (row.status, row.attempts, row.last_error) == ("failing", 5, "HTTP 500")
    report = CliRunner().invoke(cli, ["consent", "deliveries", "--failing", "--json"])
    assert report.exit_code == 1
    [shown] = json.loads(report.stdout)
    assert (shown["id"], shown["system"], shown["status"]) == (delivery_id, "newsletter", "failing")
    receiver.status = 204
    assert jobs.deliver(wired, delivery_id).delivered
    assert CliRunner().invoke(cli, ["consent", "deliveries", "--failing"]).exit_code == 0


def test_a_receiver_that_hangs_times_out_and_the_change_is_kept(
    wired: Workspace, receiver: Receiver
) -> None:
    receiver.hang.set()
    [delivery_id] = choose(wired, ADA, "marketing_email", State.WITHDRAWN)
    outcome = jobs.deliver(wired, delivery_id, timeout=0.5)
    assert outcome.error == "no answer within 0.5 s" and outcome.retry_in == 10
    assert delivery(wired, delivery_id).status == "pending"


def test_a_missing_secret_is_reported_as_the_delivery_error(
    wired: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSLETTER_WEBHOOK_SECRET")
    [delivery_id] = choose(wired, ADA, "marketing_email", State.WITHDRAWN)
    outcome = jobs.deliver(wired, delivery_id)
    assert outcome.error == "the environment variable NEWSLETTER_WEBHOOK_SECRET is not set"


def test_a_delivery_whose_queue_entry_was_lost_is_found_again(
    wired: Workspace, clock: FixedClock
) -> None:
    [delivery_id] = choose(wired, ADA, "marketing_email", State.WITHDRAWN)
    assert jobs.lost_deliveries(wired) == []  # the producer's nudge is still on its way
    clock.advance(minutes=6)
    assert jobs.lost_deliveries(wired) == [delivery_id]


def test_linking_identities_delivers_the_joined_state_with_every_identity(
    wired: Workspace, receiver: Receiver
) -> None:
    cookie = normalize("cookie_id", "c0ffee00c0ffee00c0ffee00")
    choose(wired, cookie, "marketing_email", State.WITHDRAWN)
    with transaction(wired.sessions) as session:
        subjects = [Subject.of(ADA, wired.key), Subject.of(cookie, wired.key)]
        queued = link(
            session, wired.clock, current_policy(session), subjects, actor="t", source="login"
        )
    assert len(queued) == 1
    jobs.deliver(wired, queued[0])
    sent = json.loads(receiver.received[-1][1])
    assert {i["kind"] for i in sent["identities"]} == {"email", "cookie_id"}


def test_webhook_signatures_refuse_forgery_staleness_and_replay() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    body = b'{"event":1}'
    headers = signed_headers(SECRET.encode(), body, now=now, delivery_id=1)
    seen: set[str] = set()
    verify_webhook(SECRET.encode(), headers, body, now, seen=seen)
    with pytest.raises(Forbidden, match="already received"):
        verify_webhook(SECRET.encode(), headers, body, now, seen=seen)
    with pytest.raises(Forbidden, match="does not match"):
        verify_webhook(b"another secret", headers, body, now)
    with pytest.raises(Forbidden, match="does not match"):
        verify_webhook(SECRET.encode(), headers, b'{"event":2}', now)
    with pytest.raises(Forbidden, match="300 s"):
        verify_webhook(SECRET.encode(), headers, body, now + timedelta(minutes=6))
    with pytest.raises(Forbidden, match="no signature"):
        verify_webhook(SECRET.encode(), {}, body, now)


def test_each_opt_out_shows_its_legal_window_in_business_days(workspace: Workspace) -> None:
    policy = published_policy(workspace)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Thanksgiving is on the Thursday
    marketing, sharing = policy.purpose("marketing_email"), policy.purpose("ad_sharing")
    assert marketing is not None and sharing is not None
    assert legal_window(marketing, State.WITHDRAWN, monday) == (
        datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
        "CAN-SPAM: 10 business days",
    )
    assert legal_window(sharing, State.WITHDRAWN, monday) == (
        datetime(2026, 12, 16, 9, 0, tzinfo=UTC),  # and the day after Thanksgiving in California
        "California: 15 business days",
    )
    assert legal_window(marketing, State.GRANTED, monday) == (None, None)


@pytest.mark.slow
def test_a_real_worker_delivers_a_change(
    settings: Settings, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSLETTER_WEBHOOK_SECRET", SECRET)
    workspace = open_workspace(settings)
    policy = published_policy(workspace)
    text = webhook_inventory_yaml(url=receiver.url)
    inventory, _ = read_inventory_source(text, "inventory.yaml", policy)
    with transaction(workspace.sessions) as session:
        store_inventory(
            session, workspace.clock, inventory, text=text, source_name="i.yaml", actor="t"
        )
    [delivery_id] = choose(workspace, ADA, "marketing_email", State.WITHDRAWN)
    queue = build_queue(settings)
    queue.huey.flush()
    result = queue.deliver_consent_change(delivery_id)
    env = {
        **os.environ,
        "PACTUM_HOME": str(settings.home),
        "PACTUM_DATABASE_URL": settings.resolved_database_url,
    }
    env.pop("PACTUM_REDIS_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "pactum", "worker", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        outcome = result.get(blocking=True, timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert outcome["delivered"] is True
    with workspace.sessions() as session:
        assert session.scalars(select(ConsentDelivery.status)).all() == ["delivered"]
    [(headers, body)] = receiver.received
    verify_webhook(SECRET.encode(), headers, body, datetime.now(UTC))
    workspace.engine.dispose()
