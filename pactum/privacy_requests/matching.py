"""Verification by data points: what the person tells us, compared with what the company holds.

11 CCR 7062(b): a reasonable degree of certainty may rest on matching at least two data points
the person gives with data the business keeps; that is the policy's `matched` level. A data
point counts when its value equals (after normalizing) a value of one of the person's own fields
whose category is the point's kind. Values are compared, never shown: the answer names the kinds
that matched, and the values the person gave are dropped once compared (11 CCR 7060(d)).
For a correction, the categories being corrected do not count (11 CCR 7060(h)).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from pactum.connectors.systems import ConnectorSet
from pactum.errors import Invalid
from pactum.execution.footprint import Footprint
from pactum.identities import try_normalize

POINTS_NEEDED = 2  # 11 CCR 7062(b)
MOST_POINTS = 6
# What a person may give, and the data categories (fideslang keys and what they nest) it is
# compared with.
KINDS: dict[str, tuple[str, ...]] = {
    "name": ("user.name",),
    "postal_code": ("user.contact.address",),
    "street": ("user.contact.address",),
    "city": ("user.contact.address",),
    "phone": ("user.contact.phone_number",),
    "date_of_birth": ("user.demographic.date_of_birth",),
    "customer_number": ("user.account", "user.unique_id"),
}
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def clean_points(raw: Mapping[str, str]) -> dict[str, str]:
    """The data points as given, checked: known kinds, short plain values, at most six."""
    if len(raw) > MOST_POINTS:
        raise Invalid(f"at most {MOST_POINTS} data points", where="data_points",
                      fix="give the two or three you are surest of")  # fmt: skip
    points: dict[str, str] = {}
    for kind, value in raw.items():
        if kind not in KINDS:
            raise Invalid(
                f"{kind!r} is not a data point Pactum compares",
                where=f"data_points.{kind}",
                fix=f"use one of: {', '.join(KINDS)}",
            )
        text = str(value).strip()
        if not text or len(text) > 200:
            raise Invalid(
                f"the {kind} given is empty or longer than 200 characters",
                where=f"data_points.{kind}",
                fix="give the value as you gave it to us",
            )
        points[kind] = text
    return points


@dataclass(frozen=True)
class Match:
    matched: tuple[str, ...]  # the kinds whose value was found among the person's data
    compared: tuple[str, ...]  # every kind given that could count

    @property
    def is_enough(self) -> bool:
        return len(self.matched) >= POINTS_NEEDED


def match_points(
    points: Mapping[str, str],
    footprint: Footprint,
    connectors: ConnectorSet,
    *,
    excluded: frozenset[str] = frozenset(),
) -> Match:
    """Compare the points with the values a copy of the person's data would show (never other
    people's fields of a shared row). `excluded`: categories that may not serve (being
    corrected)."""
    usable = {
        kind: value
        for kind, value in points.items()
        if not any(_covers(e, p) or _covers(p, e) for e in excluded for p in KINDS[kind])
    }
    held = _held_values(footprint, connectors, set(usable)) if usable else _Held()
    matched = tuple(sorted(kind for kind, value in usable.items() if held.has(kind, value)))
    return Match(matched=matched, compared=tuple(sorted(usable)))


class _Held:
    """Normalized values of the person's fields, by kind; names as token sets per row."""

    def __init__(self) -> None:
        self.values: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.names: list[set[str]] = []

    def has(self, kind: str, given: str) -> bool:
        if kind == "name":
            tokens = set(_normalized("name", given).split())
            return len(tokens) >= 2 and any(tokens <= row for row in self.names)
        value = _normalized(kind, given)
        return bool(value) and value in self.values[kind]


def _held_values(footprint: Footprint, connectors: ConnectorSet, kinds: set[str]) -> _Held:
    held = _Held()
    for holding in footprint.holdings:
        wanted = {
            name: [k for k in kinds if any(_covers(p, category) for p in KINDS[k])]
            for name, category in holding.categories.items()
            if category
        }
        wanted = {name: found for name, found in wanted.items() if found}
        if not wanted:
            continue
        # What a copy of the person's data would show: their own rows, and of a shared row their
        # fields plus its context when one of their rows points at it (their household's address).
        theirs = {row.key: set(row.shown) for row in holding.rows}
        for row in connectors[holding.system].fetch(holding.dataset, list(theirs)):
            names: set[str] = set()
            for name in theirs.get(row.key, set()) & set(wanted):
                value = row.values.get(name)
                if value is None:
                    continue
                for kind in wanted[name]:
                    if kind == "name":
                        names |= set(_normalized("name", str(value)).split())
                    else:
                        held.values[kind].add(_normalized(kind, str(value)))
            if names:
                held.names.append(names)
    return held


def _covers(outer: str, inner: str) -> bool:
    """Fideslang keys nest: `user.contact.address` covers `user.contact.address.postal_code`."""
    return inner == outer or inner.startswith(f"{outer}.")


def _normalized(kind: str, value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    if kind == "phone":
        phone = try_normalize("phone", value)
        return phone.value if phone else re.sub(r"\D", "", text)
    if kind == "postal_code":
        return re.sub(r"[\s-]", "", text)
    if kind == "date_of_birth":
        return text[:10]
    if kind == "customer_number":
        return re.sub(r"[\s-]", "", text).lstrip("0")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()
