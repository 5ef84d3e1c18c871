"""People and staff using Pactum in headless Chromium, against a real `pactum serve` and real SMTP."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pactum.accounts import service as accounts
from pactum.accounts.models import Role
from pactum.config import Settings
from pactum.consent.ledger import Choice, record_choice
from pactum.consent.models import Channel as ConsentChannel
from pactum.consent.models import State
from pactum.consent.people import Subject
from pactum.consent.service import may_process
from pactum.consent.tokens import unsubscribe_url
from pactum.db import transaction
from pactum.demo.annotations import demo_inventory_text
from pactum.demo.generate import build_demo_database
from pactum.identities import normalize
from pactum.inventory.service import read_inventory_source, store_inventory
from pactum.policy.service import current_policy
from pactum.privacy_requests import fulfilment, review
from pactum.privacy_requests.codes import verify_manually
from pactum.privacy_requests.schemas import Channel, StaffEntryIn
from pactum.privacy_requests.service import submit_request
from pactum.workspace import Workspace, open_workspace
from tests.browser.servers import CHROMIUM, CHROMIUM_ARGS, has_chromium, pactum_server, smtp_server
from tests.builders import STAFF_PASSWORD, publish

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(__file__).parent.parent.parent / "docs" / "screenshots"


@dataclass
class Site:
    url: str
    workspace: Workspace
    mailbox: object
    person: str  # an e-mail address the demo company's databases hold


@pytest.fixture
def site(settings: Settings) -> Iterator[Site]:
    if not has_chromium():
        from tests.conftest import missing

        missing("Chromium with Playwright")
    workspace = open_workspace(settings)  # the real clock: the server runs on it too
    demo_url = f"sqlite:///{settings.workspace / 'demo.db'}"
    build_demo_database(demo_url, scale=60, seed=7)
    publish(workspace)
    with transaction(workspace.sessions) as session:
        inventory_text = demo_inventory_text(demo_url)
        inventory, _ = read_inventory_source(
            inventory_text, "inventory.yaml", current_policy(session)
        )
        store_inventory(
            session,
            workspace.clock,
            inventory,
            text=inventory_text,
            source_name="inventory.yaml",
            actor="test",
        )
        for email, role in (
            ("olivia@example.test", Role.PRIVACY_OFFICER),
            ("bob@example.test", Role.SUPPORT_AGENT),
        ):
            accounts.add_staff(
                session,
                workspace.clock,
                email=email,
                name=email.split("@")[0].title(),
                role=role,
                password=STAFF_PASSWORD,
                actor="test",
            )
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        person = connection.execute(
            text("SELECT email FROM erp_contacts WHERE email LIKE '%@%' ORDER BY id LIMIT 1")
        ).scalar_one()
    engine.dispose()
    with smtp_server() as (smtp_url, mailbox):
        environment = {
            "PACTUM_HOME": str(settings.workspace),
            "PACTUM_DATABASE_URL": settings.resolved_database_url,
            "PACTUM_SMTP_URL": smtp_url,
        }
        with pactum_server(environment) as url:
            # In-process work (the worker's run function) mails the same links the server would.
            local = open_workspace(
                settings.model_copy(update={"smtp_url": smtp_url, "base_url": url})
            )
            yield Site(url, local, mailbox, str(person).strip().lower())
            local.engine.dispose()
    workspace.engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def sign_in(page: object, site: Site, email: str) -> None:
    page.goto(f"{site.url}/console/login")  # type: ignore[attr-defined]
    page.fill("#email", email)  # type: ignore[attr-defined]
    page.fill("#password", STAFF_PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/console$"))  # type: ignore[attr-defined]


def test_a_person_asks_for_their_data_verifies_and_downloads_a_package_with_their_rows(
    site: Site, browser: object
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{site.url}/privacy/request")
    page.check("input[name=type][value=access]")
    page.fill("#email", site.person)
    page.select_option("#jurisdiction", "eu")
    page.click("button:has-text('Send the request')")
    page.wait_for_url(re.compile(r".*/verify\?sent=1"))
    request_id = re.search(r"/requests/(\w+)/", page.url).group(1)  # type: ignore[union-attr]
    code = re.search(r"\b(\d{6})\b", site.mailbox.text()).group(1)  # type: ignore[attr-defined, union-attr]
    page.fill("#code", code)
    page.click("button:has-text('Confirm')")
    page.wait_for_url(re.compile(rf".*/privacy/requests/{request_id}$"))
    assert "You confirmed it is you" in page.content()
    with transaction(site.workspace.sessions) as session:  # a staff member approves it
        review.approve(session, site.workspace.clock, request_id, actor="staff:1")
    outcome = fulfilment.execute(site.workspace, request_id)  # the worker's run function
    if outcome.status == "awaiting_verification":  # sensitive data found: a strict check first
        with transaction(site.workspace.sessions) as session:
            verify_manually(
                session,
                site.workspace.clock,
                request_id,
                actor="staff:1",
                reason="Matched the customer number and the billing address.",
            )
            review.approve(session, site.workspace.clock, request_id, actor="staff:1")
        outcome = fulfilment.execute(site.workspace, request_id)
    assert outcome.status == "completed", outcome.message
    page.reload()
    assert "Your data is ready" in page.content()
    mails = [site.mailbox.text(i) for i in range(len(site.mailbox.messages))]  # type: ignore[attr-defined]
    link = next(m.group(1) for t in mails if (m := re.search(r"(http\S+/package\?token=\S+)", t)))
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.click(); }", link
        )
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    everything = "".join(
        archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
    )
    assert site.person in everything.lower()


def test_a_privacy_officer_declines_a_repetitive_request_with_a_ground(
    site: Site, browser: object
) -> None:
    with transaction(site.workspace.sessions) as session:
        ids = []
        for _ in range(3):
            form = StaffEntryIn(
                type="access",
                email="rep@example.com",
                jurisdiction="california",
                channel=Channel.EMAIL,
            )
            created = submit_request(
                session,
                site.workspace.clock,
                site.workspace.key,
                form,
                channel=Channel.EMAIL,
                actor="test",
            ).request
            ids.append(created.id)
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, site, "olivia@example.test")
    page.goto(f"{site.url}/console/requests/{ids[-1]}")
    assert "Possibly repetitive" in page.content()
    page.select_option("#ground", "repetitive")
    page.fill("#decline-reason", "You asked for the same copy twice this year; we sent both.")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Decline')")
    page.wait_for_url(re.compile(r".*done=declined"))
    assert "Done: declined" in page.content()
    assert "You asked for the same copy" in site.mailbox.text()  # type: ignore[attr-defined]


def test_a_support_agent_cannot_open_an_unassigned_request_nor_guess_one(
    site: Site, browser: object
) -> None:
    with transaction(site.workspace.sessions) as session:
        form = StaffEntryIn(
            type="delete", email="someone@example.com", jurisdiction="eu", channel=Channel.EMAIL
        )
        other = submit_request(
            session,
            site.workspace.clock,
            site.workspace.key,
            form,
            channel=Channel.EMAIL,
            actor="test",
        ).request.id
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, site, "bob@example.test")
    assert "No request is assigned to you" in page.content()
    for request_id in (other, "RZZZZZZZZZZZ"):
        answer = page.goto(f"{site.url}/console/requests/{request_id}")
        assert answer.status == 403
        assert "someone@example.com" not in page.content()


def test_reject_all_in_the_cookie_banner_leaves_no_analytics_cookie_and_gpc_shows_honoured(
    site: Site, browser: object
) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{site.url}/demo/website")
    page.wait_for_selector("#pactum-banner[data-state=open]")
    page.click("#pactum-reject-all")
    page.wait_for_selector("#pactum-banner[data-state=closed]", state="attached")
    page.wait_for_function("() => document.cookie.includes('pactum_consent')")
    page.reload()
    # Not "networkidle": the banner sends choices with fetch(keepalive), which Playwright keeps
    # listed as pending; the banner marks the page once it has applied the stored choice.
    page.wait_for_selector("html[data-pactum-consent]", state="attached")
    names = {cookie["name"] for cookie in context.cookies()}
    assert "_mtl_id" not in names and "pactum_consent" in names
    gpc = browser.new_context(extra_http_headers={"Sec-GPC": "1"})  # type: ignore[attr-defined]
    gpc.add_init_script(
        "Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})"
    )
    page = gpc.new_page()
    page.goto(f"{site.url}/demo/website")
    page.click("[data-pactum-manage]")  # waits for the banner's link to be there
    page.wait_for_selector("#pactum-banner[data-state=open]")
    assert page.get_attribute("#pactum-gpc", "data-pactum-gpc") == "honoured"
    assert "_mtl_id" not in {cookie["name"] for cookie in gpc.cookies()}


def test_an_unsubscribe_link_stops_the_next_mailing(site: Site, browser: object) -> None:
    person = normalize("email", "reader@example.com")
    key, clock = site.workspace.key, site.workspace.clock
    with transaction(site.workspace.sessions) as session:
        policy = current_policy(session)
        record_choice(
            session,
            clock,
            policy,
            Subject.of(person, key),
            Choice(purpose="marketing_email", state=State.GRANTED, channel=ConsentChannel.WEB_FORM),
        )
        assert may_process(
            session, policy, person, "marketing_email", now=clock.now(), key=key
        ).allowed
    link = unsubscribe_url(key, site.url, person, "marketing_email", "<m1@example.test>")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(link)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    with site.workspace.reader()() as session:
        policy = current_policy(session)
        decision = may_process(session, policy, person, "marketing_email", now=clock.now(), key=key)
        assert not decision.allowed  # the next mailing leaves this person out


def test_screenshots_of_the_main_pages(site: Site, browser: object, tmp_path: Path) -> None:
    """Set PACTUM_SCREENSHOTS=1 to refresh docs/screenshots; otherwise they go to a temp folder."""
    folder = SCREENSHOTS if os.environ.get("PACTUM_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    now = site.workspace.clock.now()
    with transaction(site.workspace.sessions) as session:
        for n, (days, kind) in enumerate(
            [
                (52, "access"),
                (47, "delete"),
                (40, "correct"),
                (38, "access"),
                (20, "delete"),
                (3, "access"),
                (1, "correct"),
            ]
        ):
            form = StaffEntryIn(
                type=kind,
                email=f"person{n}@example.com",
                jurisdiction="eu",
                channel=Channel.EMAIL,
                received_at=now - timedelta(days=days),
            )
            request_id = submit_request(
                session,
                site.workspace.clock,
                site.workspace.key,
                form,
                channel=Channel.EMAIL,
                actor="test",
            ).request.id
            if n % 2:
                verify_manually(
                    session,
                    site.workspace.clock,
                    request_id,
                    actor="test",
                    reason="Checked the customer number on the phone.",
                )
    context = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    shots = {
        "privacy-policy": "/privacy/policy",
        "privacy-request-form": "/privacy/request",
        "privacy-home": "/privacy",
    }
    for name, path in shots.items():
        page.goto(f"{site.url}{path}")
        page.screenshot(path=str(folder / f"{name}.png"), full_page=name != "privacy-policy")
    sign_in(page, site, "olivia@example.test")
    console = {
        "console-queue": "/console",
        "console-request": f"/console/requests/{request_id}",
        "console-inventory": "/console/inventory",
        "console-metrics": "/console/metrics",
        "console-audit-log": "/console/audit",
    }
    for name, path in console.items():
        page.goto(f"{site.url}{path}")
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
    assert len(list(folder.glob("*.png"))) >= 8
