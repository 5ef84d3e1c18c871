"""Output for the command line: JSON for scripts, Rich tables for people, errors with their fix."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from pactum.errors import PactumError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, default=str) + "\n")


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    grid = Table(title=title, title_justify="left")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(str(cell) if cell is not None else "" for cell in row))
    out.print(grid)


def report_error(error: PactumError, *, as_json: bool) -> None:
    """Every problem with where it is and how to fix it; JSON on stdout when asked for."""
    problems = [
        {"what": p.what, "where": p.where, "path": p.path, "fix": p.fix} for p in error.problems
    ]
    if as_json:
        print_json({"error": type(error).__name__, "problems": problems})
        return
    for problem in problems:
        place = f"[bold]{problem['where']}[/bold]: " if problem["where"] else ""
        path = f" [dim]({problem['path']})[/dim]" if problem["path"] else ""
        err.print(f"[red]error[/red] {place}{_escape(problem['what'])}{path}")
        if problem["fix"]:
            err.print(f"  [green]fix:[/green] {_escape(problem['fix'])}")


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
