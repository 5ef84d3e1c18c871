"""Fixtures for privacy requests: a workspace with the test policy published, and the company."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pactum.workspace import Workspace
from tests.execution.company import Company, company
from tests.privacy_requests.company import import_inventory, publish


@pytest.fixture
def published(workspace: Workspace) -> Workspace:
    publish(workspace)
    return workspace


@pytest.fixture
def acme(published: Workspace, tmp_path: Path) -> Iterator[Company]:
    """The test company on SQLite files, its inventory imported (some tests use their own)."""
    (tmp_path / "acme").mkdir()
    with company(tmp_path / "acme") as built:
        import_inventory(published, built.inventory)
        yield built
