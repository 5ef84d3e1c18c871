"""The cookie banner in headless Chromium against a real `pactum serve`: withdrawing deletes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pactum.config import Settings
from pactum.workspace import Workspace, open_workspace
from tests.browser.servers import CHROMIUM, CHROMIUM_ARGS, has_chromium, pactum_server
from tests.builders import consent_policy_yaml, published_policy

# The demo website's analytics script sets `_mtl_id`; the policy declares it for analytics.
POLICY = (
    consent_policy_yaml()
    + """\
  trackers:
    - name: _mtl_id
      category: analytics
      expires: 13 months
    - name: mtl_visits
      category: analytics
      kind: local_storage
    - name: ad pixel
      category: marketing
      kind: pixel
      provider: Beaconry Ads Inc.
"""
)


def test_the_banner_config_names_what_each_category_stores(
    client: TestClient, workspace: Workspace
) -> None:
    published_policy(workspace, POLICY)
    config = client.get("/api/v1/consent/banner-config").json()
    stored = {c["id"]: (c["cookies"], c["storage"]) for c in config["categories"]}
    assert stored == {
        "necessary": ([], []),
        "analytics": (["_mtl_id"], ["mtl_visits"]),
        "marketing": ([], []),  # a pixel leaves nothing in the browser to delete
    }


@pytest.fixture
def website(settings: Settings) -> Iterator[str]:
    """The demo company's website, served by `pactum serve`, under the policy above."""
    if not has_chromium():
        from tests.conftest import missing

        missing("Chromium with Playwright")
    workspace = open_workspace(settings)  # the real clock: the server runs on it too
    published_policy(workspace, POLICY)
    environment = {
        "PACTUM_HOME": str(settings.workspace),
        "PACTUM_DATABASE_URL": settings.resolved_database_url,
    }
    with pactum_server(environment) as url:
        yield f"{url}/demo/website"
    workspace.engine.dispose()


@pytest.mark.browser
@pytest.mark.slow
def test_rejecting_analytics_after_accepting_it_deletes_the_analytics_cookie(
    website: str,
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context()
        page = context.new_page()
        page.goto(website)
        page.click("#pactum-accept-all")
        page.wait_for_selector("#demo-analytics-status[data-analytics=on]")
        page.evaluate("localStorage.setItem('mtl_visits', '3')")
        assert "_mtl_id" in {cookie["name"] for cookie in context.cookies()}
        page.click("[data-pactum-manage]")
        page.wait_for_selector("#pactum-banner[data-state=open]")
        page.click("#pactum-reject-all")
        page.wait_for_selector("#pactum-banner[data-state=closed]", state="attached")
        assert "_mtl_id" not in {cookie["name"] for cookie in context.cookies()}
        assert page.evaluate("localStorage.getItem('mtl_visits')") is None
        page.reload()  # the analytics script stays inert and sets nothing again
        page.wait_for_selector("html[data-pactum-consent]", state="attached")
        assert page.get_attribute("#demo-analytics-status", "data-analytics") == "off"
        assert "_mtl_id" not in {cookie["name"] for cookie in context.cookies()}
        chromium.close()
