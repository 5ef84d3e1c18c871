"""The test company on SQLite files and in PostgreSQL schemas, and its connectors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pactum.connectors.systems import ConnectorSet, connectors_for
from tests.execution.company import Company, company


@pytest.fixture
def acme(database_url: str, tmp_path: Path) -> Iterator[Company]:
    with company(tmp_path, database_url) as built:
        yield built


@pytest.fixture
def connectors(acme: Company) -> Iterator[ConnectorSet]:
    with connectors_for(acme.inventory) as built:
        yield built
