"""The demo company's database, built once for the discovery tests, and its policy."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from pactum.demo.generate import build_demo_database
from pactum.policy.document import Policy
from pactum.policy.loading import parse_policy


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only for the tests: a test that changes the database works on a copy."""
    path = tmp_path_factory.mktemp("demo") / "northwind.db"
    build_demo_database(f"sqlite:///{path}", scale=300, seed=7)
    return path


@pytest.fixture(scope="session")
def policy() -> Policy:
    return parse_policy(resources.files("pactum.demo").joinpath("policy.yaml").read_text())
