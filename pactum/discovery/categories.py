"""Fitting discovery's fideslang categories to the ones a published policy declares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from pactum.detection.vocabulary import word_set
from pactum.discovery.names import singular as stem
from pactum.policy.document import Category, Policy
from pactum.policy.taxonomy import is_taxonomy_key

# Words that say nothing about which category is meant.
STOP_WORDS = word_set(
    "a an and any are as at be by data details each for from in information is it its never "
    "of on or other our such that the their to us user we what which who with"
)
CLOSE_ENOUGH = 2  # the least vocabulary score that picks one of the organization's categories
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Fit:
    category: str | None
    how: str  # how it was found, for the reasons; "" when nothing fits


def vocabulary(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.lower().replace("e-mail", "email"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return {stem(w) for w in _WORD.findall(plain.replace("_", " ")) if w not in STOP_WORDS}


def fit_category(key: str, context: Iterable[tuple[str, int]], policy: Policy) -> Fit:
    """The policy's own name for `key`: the key itself, a broader declared key (`user.contact`
    for `user.contact.email`), one of the organization's plain categories whose words match the
    column's (`survey_answers` for `survey_responses.score`), or the only narrower declared key.

    `context` holds words and their weight: the column's words count more than the table's.
    """
    declared = {c.id: c for c in policy.categories}
    if key in declared:
        return Fit(key, "declared")
    parts = key.split(".")
    for end in range(len(parts) - 1, 0, -1):
        broader = ".".join(parts[:end])
        if broader in declared:
            return Fit(broader, "broader than")
    named = _named_like(context, [c for c in policy.categories if not is_taxonomy_key(c.id)])
    if named is not None:
        return Fit(named, "named like the column; discovery says")
    narrower = [c for c in declared if c.startswith(key + ".")]
    if len(narrower) == 1:
        return Fit(narrower[0], "the only narrower category than")
    return Fit(None, "")


def _named_like(context: Iterable[tuple[str, int]], categories: list[Category]) -> str | None:
    weighted = [(stem(word), weight) for word, weight in context]
    best, best_score = None, 0
    for category in categories:
        weights = _category_words(category)
        score = sum(weight * weights.get(word, 0) for word, weight in weighted)
        if score > best_score:
            best, best_score = category.id, score
    return best if best_score >= CLOSE_ENOUGH else None


def _category_words(category: Category) -> dict[str, int]:
    """Words of the id count 3, of the name 2, of the description 1."""
    weights: dict[str, int] = {}
    for text, weight in ((category.description, 1), (category.name, 2), (category.id, 3)):
        for word in vocabulary(text):
            weights[word] = max(weights.get(word, 0), weight)
    return weights
