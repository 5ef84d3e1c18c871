"""Special categories of personal data (GDPR Art. 9): lexicon terms tied to a person by context."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from pactum.detection.context import words_around
from pactum.detection.findings import Finding, FindingType
from pactum.detection.lexicons import LEXICONS, PERSON_CUES
from pactum.detection.phrases import Hit

STRONG, WEAK = "strong", "weak"
# Context is read this far on either side of the term, within its sentence.
WINDOW = 60
# Terms of one type this close, in one sentence, make one finding.
MERGE_GAP = 40
_CLAUSE_END = re.compile(r"[.!?;]\s|\n")


def special_category_phrases() -> Iterator[tuple[str, str]]:
    """Every lexicon term with its tag "<TYPE>/<strength>/<term as written>", for the index."""
    for finding_type, lexicon in LEXICONS.items():
        for strength, terms in ((STRONG, lexicon.strong), (WEAK, lexicon.weak)):
            for term in terms:
                yield term, f"{finding_type.value}/{strength}/{term}"


def find_special_categories(text: str, hits: Iterable[Hit]) -> Iterator[Finding]:
    """Findings for lexicon hits of one type, in text order; terms of one clause are merged.

    "I was diagnosed with diabetes" is one HEALTH finding, from "diagnosed" to "diabetes".
    """
    pending: Finding | None = None
    for finding in _scored(text, hits):
        if pending is not None and _same_clause(text, pending, finding):
            score = max(pending.score, finding.score)
            pending = Finding(finding.type, pending.start, finding.end, score, pending.reason)
            continue
        if pending is not None:
            yield pending
        pending = finding
    if pending is not None:
        yield pending


@cache
def _terms() -> dict[str, tuple[FindingType, str, str | None]]:
    """Each tag of `special_category_phrases` read once: type, strength, and the term when it
    must match as written (an acronym)."""
    read: dict[str, tuple[FindingType, str, str | None]] = {}
    for _, tag in special_category_phrases():
        type_name, strength, written = tag.split("/", 2)
        acronym = written if written != written.lower() else None
        read[tag] = (FindingType(type_name), strength, acronym)
    return read


def _scored(text: str, hits: Iterable[Hit]) -> Iterator[Finding]:
    terms = _terms()
    for hit in hits:
        finding_type, strength, acronym = terms[hit.tag]
        if acronym is not None and text[hit.start : hit.end] != acronym:
            continue  # acronyms match as written: "AIDS" is a disease, "aids" is not
        words = words_around(text, hit.start, hit.end, WINDOW, clause=True)
        about_person = not PERSON_CUES.isdisjoint(words)
        has_cue = not LEXICONS[finding_type].cues.isdisjoint(words)
        score = _score(strength, about_person=about_person, has_cue=has_cue)
        if score:
            reason = f"lexicon {strength}" + " + person" * about_person + " + cue" * has_cue
            yield Finding(finding_type, hit.start, hit.end, score, reason)


def _same_clause(text: str, earlier: Finding, later: Finding) -> bool:
    if later.start < earlier.end:
        return later.end <= earlier.end or later.start >= earlier.start
    gap = text[earlier.end : later.start]
    return len(gap) <= MERGE_GAP and _CLAUSE_END.search(gap) is None


def _score(strength: str, *, about_person: bool, has_cue: bool) -> float:
    # Nothing ties a term to a person without a cue: a strong term alone ("we sponsor cancer
    # research") stays below the default threshold, a weak one ("the church") is dropped.
    if strength == STRONG:
        return min(0.95, (0.85 if about_person else 0.45) + 0.1 * has_cue)
    if about_person:
        return 0.55 + 0.15 * has_cue
    return 0.0
