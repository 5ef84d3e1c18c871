"""The name rules give the findings of their previous form, kept here as the reference (0074)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.detection_corpus import generate_corpus
from pactum.detection.detector import lower_case
from pactum.detection.findings import Finding, FindingType
from pactum.detection.names import (
    _AFTER,
    _CAP_WORD,
    _NAME_AFTER,
    _NEIGHBOUR,
    _TOKEN,
    CUE_TAGS,
    NameLists,
    _cue_score,
    _ends_line,
    _is_capitalised,
    _is_in,
    _is_particle,
    _is_sentence_start,
    find_names,
    name_lists,
)
from pactum.detection.phrases import Hit
from pactum.detection.vocabulary import AMBIGUOUS_FIRST_NAMES, GENERIC_ADDRESSEES, NOT_NAMES
from tests.detection.samples import DETECTOR

CHECKED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_find_names(text: str, hits: Iterable[Hit]) -> Iterator[Finding]:
    """`names.find_names` before decision 0074."""
    lists = name_lists()
    covered = 0
    for hit in hits:
        if hit.tag in CUE_TAGS:
            yield from _reference_after_cue(text, hit, lists)
        elif hit.start >= covered and _is_capitalised(text, hit.start):
            for finding in _reference_around(text, hit, lists):
                covered = max(covered, finding.end)
                yield finding


def _reference_around(text: str, hit: Hit, lists: NameLists) -> Iterator[Finding]:
    start = _reference_run_start(text, hit.start)
    if start == hit.start and not _NEIGHBOUR.match(text, hit.end):
        return
    after = _AFTER.match(text, hit.end)
    tokens = list(_TOKEN.finditer(text, start, after.end() if after else hit.end))
    words = [token.group() for token in tokens]
    at_sentence_start = _is_sentence_start(text, start)
    index = 0
    while index < len(words) - 1:
        stop, score, reason = _reference_name_from(
            words, index, lists, at_sentence_start and index == 0
        )
        if stop > index:
            yield Finding(
                FindingType.PERSON, tokens[index].start(), tokens[stop - 1].end(), score, reason
            )
            index = stop
        else:
            index += 1


def _reference_run_start(text: str, position: int) -> int:
    start = position
    for _ in range(3):
        if start < 2 or text[start - 1] != " ":
            break
        low = max(0, start - 40)
        cut = max(text.rfind(" ", low, start - 1), text.rfind("\n", low, start - 1))
        if cut < 0 and low > 0:
            break
        word_start = cut + 1
        word = text[word_start : start - 1]
        if not (_CAP_WORD.fullmatch(word) or _is_particle(word)):
            break
        start = word_start
    return start


def _reference_name_from(
    words: list[str], index: int, lists: NameLists, at_sentence_start: bool
) -> tuple[int, float, str]:
    none = (index, 0.0, "")
    first = words[index]
    if first in NOT_NAMES or _is_particle(first):
        return none
    end, known = _reference_known_run(words, index + 1, lists)
    if _is_in(first, lists.first):
        if known:
            return end, 0.9, "name list"
        following = words[index + 1]
        if following in NOT_NAMES or _is_particle(following):
            return none
        return index + 2, 0.65, "first name list"
    if (
        known
        and not at_sentence_start
        and not _is_in(words[index + 1], lists.first)
        and _is_in(words[end - 1], lists.last)
    ):
        return end, 0.45, "last name list"
    return none


def _reference_known_run(words: list[str], start: int, lists: NameLists) -> tuple[int, int]:
    end, known = start, 0
    while end < len(words) and words[end] not in NOT_NAMES and end - start < 3:
        if not _is_particle(words[end]):
            if not lists.knows(words[end]):
                break
            known += 1
        end += 1
    while end > start and _is_particle(words[end - 1]):
        end -= 1
    return end, known


def _reference_after_cue(text: str, hit: Hit, lists: NameLists) -> Iterator[Finding]:
    if hit.tag == "title" and not text[hit.start].isupper():
        return
    match = _NAME_AFTER.match(text, hit.end)
    if match is None:
        return
    words = match.group("name").split(" ")
    while words and (words[-1] in NOT_NAMES or _is_particle(words[-1])):
        words.pop()
    known = any(lists.knows(word) for word in words)
    if not words or words[0] in GENERIC_ADDRESSEES:
        return
    if (words[0] in NOT_NAMES or words[0] in AMBIGUOUS_FIRST_NAMES) and not (
        len(words) > 1 and lists.knows(words[1])
    ):
        return
    score = _cue_score(
        hit.tag, known=known, is_line_end=_ends_line(text, match.start("name"), words)
    )
    if score:
        start = match.start("name")
        yield Finding(FindingType.PERSON, start, start + len(" ".join(words)), score, hit.tag)


def name_hits(text: str) -> list[Hit]:
    """The hits the detector gives the name rules for `text`."""
    return DETECTOR._hits(text, lower_case(text))[0].get("names", [])


# Names, particles, words that stop a name, cue words and the characters around them.
name_pieces = st.sampled_from(
    [
        "Anna", "Maria", "Anna-Maria", "Schmidt", "Müller", "von", "der", "Van", "de la", "Hans",
        "Jean-Pierre", "Martin", "O'Brien", "Kofi", "Tür", "Bauer", "May", "Will", "The", "Our",
        "Team", "Line", "Friday", "Classic", "Dear", "Hi", "Thanks", "thanks", "Best regards",
        "Mr", "Mr.", "Frau", "frau", "Herr", "Viele Grüße", "merci", "Bonjour", "I am",
        "Emily", "Square", "McDonald", "x", "ANNA", " ", " ", " ", "  ", "\n", "\r\n", ",", ", ",
        ":", ".", ". ", "!", "-", "\t", "7", "’", "\"",
    ]
)  # fmt: skip


@CHECKED
@given(st.lists(name_pieces, max_size=16).map("".join))
@example("Thanks,\nAnna Maria Schmidt\n\nMr. Hans von der Müller; Classic Line every Friday")
@example("Kollege Mona Fliegner. Tür Bauer, Kofi Schmidt and Dear May Smith")
def test_the_name_rules_find_what_their_previous_form_found(text: str) -> None:
    hits = name_hits(text)
    assert list(find_names(text, hits)) == list(reference_find_names(text, hits))


@pytest.mark.slow
@pytest.mark.parametrize("pii_share", [1.0, 0.1])
def test_on_the_benchmark_corpora_the_names_are_the_previous_forms(pii_share: float) -> None:
    documents = generate_corpus(300_000, seed=20240301, pii_share=pii_share)
    texts = [d.text for d in documents]
    for text in [*texts, "\n\n".join(texts)]:
        hits = name_hits(text)
        assert list(find_names(text, hits)) == list(reference_find_names(text, hits))
