"""Every setting and every command is documented (a test fails when one is not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from pactum.cli import app
from pactum.config import Settings

DOCS = Path(__file__).parent.parent / "docs"


def command_paths(command: Any, prefix: str = "pactum") -> list[str]:
    if hasattr(command, "commands"):  # a group
        return [
            path
            for name, sub in command.commands.items()
            for path in command_paths(sub, f"{prefix} {name}")
        ]
    return [prefix]


def test_every_command_is_in_the_cli_reference() -> None:
    reference = (DOCS / "cli.md").read_text()
    paths = command_paths(typer.main.get_command(app))
    assert len(paths) > 10
    assert [p for p in paths if f"`{p}" not in reference] == []


def test_every_setting_is_in_the_configuration_page() -> None:
    page = (DOCS / "configuration.md").read_text()
    missing = [
        f"PACTUM_{name.upper()}"
        for name in Settings.model_fields
        if f"PACTUM_{name.upper()}" not in page
    ]
    assert missing == []
