"""The cookie banner and Global Privacy Control: configuration, recording, the script, the demo."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from pactum.consent.models import ConsentEvent, ConsentPerson
from pactum.consent.service import history
from pactum.identities import normalize
from pactum.web.rendering import STATIC
from pactum.workspace import Workspace
from tests.builders import FixedClock, api_key, published_policy

COOKIE = "5f2b8c1d9e0a4b7c8d6e5f4a3b2c1d0e"
GPC = {"Sec-GPC": "1"}


def events(workspace: Workspace) -> list[tuple[str, str, str]]:
    with workspace.sessions() as session:
        rows = session.execute(
            select(ConsentEvent.purpose, ConsentEvent.state, ConsentEvent.channel).order_by(
                ConsentEvent.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_banner_shows_the_policy_s_cookie_categories(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    answer = client.get("/api/v1/consent/banner-config", params={"cookie_id": COOKIE})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    config = answer.json()
    assert [(c["id"], c["required"], c["gpc"]) for c in config["categories"]] == [
        ("necessary", True, False),
        ("analytics", False, False),
        ("marketing", False, True),
    ]
    assert config["choices"] is None and config["gpc"]["honoured"] is False
    assert config["policy_url"].endswith("/privacy/policy")


def test_a_banner_choice_is_recorded_against_the_cookie_id(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    choice = {"cookie_id": COOKIE, "choices": {"analytics": True, "marketing": False}}
    assert client.post("/api/v1/consent/banner", json=choice).json() == {"recorded": 2}
    assert events(workspace) == [
        ("analytics", "granted", "cookie_banner"),
        ("ad_sharing", "denied", "cookie_banner"),
    ]
    config = client.get("/api/v1/consent/banner-config", params={"cookie_id": COOKIE}).json()
    assert config["choices"] == {"analytics": True, "marketing": False}
    reject_all = {"cookie_id": COOKIE, "choices": {"analytics": False, "marketing": False}}
    assert client.post("/api/v1/consent/banner", json=reject_all).json() == {"recorded": 1}
    assert events(workspace)[-1] == ("analytics", "withdrawn", "cookie_banner")
    with workspace.sessions() as session:
        evidence = session.scalars(select(ConsentEvent.evidence_sha256)).all()
    assert all(e and len(e) == 64 for e in evidence)  # the banner text shown, hashed


def test_a_banner_choice_for_an_unknown_category_is_refused(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    answer = client.post(
        "/api/v1/consent/banner", json={"cookie_id": COOKIE, "choices": {"spying": True}}
    )
    assert answer.status_code == 422 and "spying" in answer.json()["detail"]
    bad_id = client.post("/api/v1/consent/banner", json={"cookie_id": "x", "choices": {}})
    assert bad_id.status_code == 422
    assert events(workspace) == []


def test_gpc_records_an_opt_out_of_sale_and_sharing_once(
    client: TestClient, workspace: Workspace, clock: FixedClock
) -> None:
    published_policy(workspace)
    for _ in range(3):
        config = client.get(
            "/api/v1/consent/banner-config", params={"cookie_id": COOKIE}, headers=GPC
        )
        assert config.json()["gpc"] == {"honoured": True, "categories": ["marketing"]}
        assert config.json()["choices"] is None  # GPC alone is no banner choice: still asked
    assert events(workspace) == [
        ("ad_sharing", "withdrawn", "gpc"),
        ("health_research", "withdrawn", "gpc"),
    ]
    with workspace.sessions() as session:
        [person] = session.scalars(select(ConsentPerson)).all()
        assert person.do_not_reask_until is not None
    reask = config.json()["do_not_reask_until"]
    assert reask.startswith(str((clock.now() + timedelta(days=365)).date()))


def test_with_gpc_the_banner_cannot_switch_sharing_back_on(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    everything = {"cookie_id": COOKIE, "choices": {"analytics": True, "marketing": True}}
    client.post("/api/v1/consent/banner", json=everything, headers=GPC)
    assert sorted(events(workspace)) == [
        ("ad_sharing", "withdrawn", "gpc"),
        ("analytics", "granted", "cookie_banner"),
        ("health_research", "withdrawn", "gpc"),
    ]


def test_gpc_on_a_consent_api_request_opts_out_the_identity_involved(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    key = api_key(workspace, scopes=["consent:read"])
    headers = {**GPC, "Authorization": f"Bearer {key}"}
    answer = client.get(
        "/api/v1/consent/check",
        params={"email": "ada@example.com", "purpose": "ad_sharing"},
        headers=headers,
    )
    assert answer.json()["allowed"] is False and answer.json()["rule"] == "opt_out"
    with workspace.sessions() as session:
        found = history(session, normalize("email", "ada@example.com"), key=workspace.key)
    assert [(e.purpose, e.channel.value) for e in found.events] == [
        ("ad_sharing", "gpc"),
        ("health_research", "gpc"),
    ]
    assert found.do_not_reask_until is not None


def test_the_banner_script_is_small_framework_free_and_served(client: TestClient) -> None:
    script = client.get("/consent/banner.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert len(script.content) < 10_000
    source = (STATIC / "banner.js").read_text()
    for hook in (
        "pactum-banner",
        "pactum-accept-all",
        "pactum-reject-all",
        "pactum-choose",
        "data-pactum-gpc",
    ):
        assert hook in source
    assert (
        "innerHTML" not in source and ".style." not in source
    )  # no markup injection, no inline style
    assert client.get("/static/consent-banner.css").status_code == 200


def test_the_demo_website_loads_analytics_only_through_the_banner(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace)
    page = client.get("/demo/website")
    assert page.status_code == 200
    assert '<script src="/consent/banner.js" defer></script>' in page.text
    assert 'type="text/plain" data-pactum-category="analytics"' in page.text
    assert (
        "<script>" not in page.text and " on" + "click=" not in page.text
    )  # CSP: no inline script
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert client.get("/static/consent-demo-analytics.js").status_code == 200
