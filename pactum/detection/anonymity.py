"""Aggregates without individuals: generalize quasi-identifiers, then check k-anonymity."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pactum.errors import Invalid


def month_of(value: dt.date | str) -> str:
    """A date generalized to its month: "2024-03"."""
    return _as_date(value).strftime("%Y-%m")


def year_of(value: dt.date | str) -> str:
    return _as_date(value).strftime("%Y")


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as error:
        raise Invalid(f"{value!r} is not an ISO date", fix="write dates as YYYY-MM-DD") from error


def truncate_postcode(postcode: str, keep: int = 2) -> str:
    """The coarse area of a postcode: the first `keep` characters, or a UK outward code.

    "10115" -> "10"; "75002" -> "75"; "SW1A 1AA" -> "SW1A" (the part before the space).
    """
    code = " ".join(postcode.upper().split())
    if " " in code:
        return code.split(" ")[0]
    return code[:keep]


def age_on(born: dt.date, on: dt.date) -> int:
    """Completed years of age on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age: int, width: int = 10, top: int = 90) -> str:
    """An age as a band: 37 -> "30-39"; from `top` on one open band: "90+"."""
    if age < 0 or width < 1:
        raise Invalid(f"cannot band age {age} with width {width}")
    if age >= top:
        return f"{top}+"
    low = age // width * width
    return f"{low}-{low + width - 1}"


@dataclass(frozen=True)
class AnonymityReport:
    """Proof that every combination of quasi-identifiers is shared by at least k rows."""

    k: int
    rows: int
    groups: int
    smallest_group: int


def check_k_anonymity(
    rows: Sequence[Mapping[str, object]], quasi_identifiers: Sequence[str], k: int
) -> AnonymityReport:
    """Refuse (Invalid) when some combination of quasi-identifier values has fewer than k rows.

    The error names the smallest such group and its size, so the caller knows what to generalize.
    """
    if k < 1 or not quasi_identifiers:
        raise Invalid("k-anonymity needs k >= 1 and at least one quasi-identifier")
    groups: Counter[tuple[object, ...]] = Counter()
    for number, row in enumerate(rows, start=1):
        missing = [name for name in quasi_identifiers if name not in row]
        if missing:
            raise Invalid(f"row {number} has no {', '.join(missing)}", where=f"row {number}")
        groups[tuple(row[name] for name in quasi_identifiers)] += 1
    if not groups:
        return AnonymityReport(k=k, rows=0, groups=0, smallest_group=0)
    values, size = min(groups.items(), key=lambda item: (item[1], repr(item[0])))
    if size < k:
        described = ", ".join(f"{n}={v}" for n, v in zip(quasi_identifiers, values, strict=True))
        raise Invalid(
            f"the group {described} has {size} row(s); {k}-anonymity needs at least {k}",
            where=f"quasi-identifiers: {', '.join(quasi_identifiers)}",
            fix="generalize further (months instead of dates, shorter postcodes, wider age "
            "bands) or leave out the small groups",
        )
    return AnonymityReport(k=k, rows=len(rows), groups=len(groups), smallest_group=size)
