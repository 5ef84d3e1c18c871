"""Reading an inventory document from YAML, with every problem placed at file:line:column."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pactum.errors import InvalidDocument, Problem
from pactum.inventory.consistency import find_inconsistencies
from pactum.inventory.document import Inventory
from pactum.policy.document import Policy
from pactum.yaml_source import dotted, parse_yaml, validate

_VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


def read_inventory_file(path: Path, policy: Policy | None) -> tuple[Inventory, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(f"cannot read the file: {exc}", str(path), "check the path and encoding")
        raise InvalidDocument(str(path), [problem]) from exc
    return parse_inventory(text, str(path), policy), text


def parse_inventory(text: str, name: str, policy: Policy | None) -> Inventory:
    source = parse_yaml(text, name)
    inventory = validate(Inventory, source)
    problems = [
        Problem(item.what, source.where(item.path), item.fix, dotted(item.path))
        for item in find_inconsistencies(inventory, policy)
    ]
    if problems:
        raise InvalidDocument(name, problems)
    return inventory


def expand_url(url: str) -> str:
    """System URLs may name environment variables (`${ERP_URL}`) so secrets stay out of files."""

    def replace(match: re.Match[str]) -> str:
        value = os.environ.get(match.group(1))
        if value is None:
            raise InvalidDocument(
                "inventory",
                [Problem(f"environment variable {match.group(1)} is not set", url, "export it")],
            )
        return value

    return _VARIABLE.sub(replace, url)
