"""Fixtures for privacy requests: a workspace with the test policy published."""

from __future__ import annotations

import pytest

from pactum.workspace import Workspace
from tests.privacy_requests.company import publish


@pytest.fixture
def published(workspace: Workspace) -> Workspace:
    publish(workspace)
    return workspace
