"""The fideslang taxonomy: dotted category and purpose keys must name a real entry."""

from __future__ import annotations

import difflib
from functools import cache

from fideslang.default_taxonomy import DEFAULT_TAXONOMY


@cache
def category_keys() -> frozenset[str]:
    return frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_category)


@cache
def data_use_keys() -> frozenset[str]:
    return frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_use)


@cache
def data_subject_keys() -> frozenset[str]:
    return frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_subject)


def is_taxonomy_key(identifier: str) -> bool:
    """Dotted identifiers claim to be fideslang keys; plain ones are the organization's own."""
    return "." in identifier


def suggest(identifier: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(identifier, sorted(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "use a fideslang key or a plain identifier"
