"""The errors every service raises; each edge maps them to an HTTP status or an exit code once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: what, where it is, and how to fix it."""

    what: str
    where: str = ""
    fix: str = ""
    path: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        field = f" [{self.path}]" if self.path else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{place}{self.what}{field}{fix}"


class PactumError(Exception):
    """Base of every error a service raises on purpose."""

    exit_code = 1
    http_status = 400

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.where = where
        self.fix = fix

    @property
    def problems(self) -> list[Problem]:
        return [Problem(self.what, self.where, self.fix)]

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)


class Invalid(PactumError):
    """The input is wrong; nothing was changed."""

    exit_code = 2
    http_status = 422


class InvalidDocument(Invalid):
    """A document (policy, inventory, CSV) has one or more problems; all are reported at once."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        first = problems[0] if problems else Problem("invalid document")
        super().__init__(f"{source}: {len(problems)} problem(s)", where=first.where, fix=first.fix)
        self.source = source
        self._problems = problems

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)


class NotFound(PactumError):
    """The thing asked for does not exist (or the caller may not know that it exists)."""

    exit_code = 3
    http_status = 404


class Forbidden(PactumError):
    """The caller may not do this."""

    exit_code = 4
    http_status = 403


class Conflict(PactumError):
    """The action clashes with the current state (already done, already published, locked)."""

    exit_code = 5
    http_status = 409


class Unavailable(PactumError):
    """A system Pactum depends on (a database, a connector, the mail server) cannot be reached."""

    exit_code = 6
    http_status = 503
