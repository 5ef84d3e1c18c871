"""The automaton finds what the `re` tries found before it: the same hits and code starts."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.detection_corpus import generate_corpus
from pactum.detection.addresses import GERMAN_STREET_MARKS, GERMAN_STREET_TAG
from pactum.detection.capitals import CapitalScan
from pactum.detection.context import CODE_CAPITALS, code_starts
from pactum.detection.detector import (
    Detector,
    _capital_scan,
    _name_index,
    _phrase_index,
    lower_case,
)
from pactum.detection.phrases import (
    _BOUNDARY,
    BOUNDARY_CHARS,
    Hit,
    PhraseIndex,
    char_pattern,
    decimal_digits,
    node_pattern,
    spaces,
    trie,
)

CHECKED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_scan(index: PhraseIndex, text: str, *, case_sensitive: bool) -> list[Hit]:
    """`PhraseIndex.scan` as it was: the trie's `finditer` over the whole text."""
    hits: list[Hit] = []
    shift = 0 if case_sensitive else 1
    for match in index.pattern.finditer(text if shift == 0 else " " + text):
        start, end = match.span()
        if shift == 0 and start and text[start - 1].isalnum():
            continue
        hits += index.hits(match[0][shift:], start, end - shift)
    return hits


def reference_marks(text: str) -> list[Hit]:
    """Every occurrence of each German street mark in `text`, found by `str.find`."""
    hits = []
    for mark, tag in GERMAN_STREET_MARKS:
        position = text.find(mark)
        while position >= 0:
            hits.append(Hit(position, position + len(mark), mark, tag))
            position = text.find(mark, position + 1)
    return sorted(hits, key=lambda hit: (hit.end, hit.start))


def split_marks(hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """The phrase index's hits: the phrases' (in text order), then the marks' (by end)."""
    phrases = [hit for hit in hits if hit.tag != GERMAN_STREET_TAG]
    marks = [hit for hit in hits if hit.tag == GERMAN_STREET_TAG]
    assert hits == phrases + marks
    return phrases, sorted(marks, key=lambda hit: (hit.end, hit.start))


class ReferenceCapitalScan:
    """`CapitalScan` as it was: names and code starts as one `re` alternation per capital."""

    def __init__(self, names: PhraseIndex) -> None:
        self._names = names
        root = trie(names.phrases)
        code_rest = r"(?:\d(?<!\w..)|[A-Z]\d(?<!\w...))"
        branches = []
        for capital in sorted(set(root) | set(CODE_CAPITALS)):
            rules = [code_rest] if capital in CODE_CAPITALS else []
            if capital in root:
                rules.append(node_pattern(root[capital]) + r"(?!\w)")
            branches.append(char_pattern(capital) + "(?:" + "|".join(rules) + ")")
        self._pattern = re.compile("(?:" + "|".join(branches) + ")")

    def scan(self, text: str) -> tuple[list[Hit], list[int]]:
        hits: list[Hit] = []
        codes: list[int] = []
        for match in self._pattern.finditer(text):
            start, end = match.span()
            if text[end - 1].isdigit():
                codes.append(start)
            elif not (start and text[start - 1].isalnum()):
                hits += self._names.hits(match[0], start, end)
        return hits, codes


def test_the_automatons_character_sets_are_the_ones_re_reads() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert spaces() == tuple(re.findall(r"\s", every))
    assert decimal_digits() == tuple(re.findall(r"\d", every))
    assert "".join(re.findall(f"[{_BOUNDARY}]", every)) == "".join(sorted(BOUNDARY_CHARS))


# Pieces of cue words, phrases, stems, names and codes, glued at random: heads split by every
# kind of space, apostrophes of both kinds, words running on past a phrase, digits of all kinds.
phrase_pieces = st.sampled_from(
    [
        "thank", "thanks", " you", "best", " regards", "mr", "mr.", "st", "st.", "diabet",
        "diabetes", "es", "i", " am called", "d'origine", "d’origine", "j'ai voté", "hiv",
        "-positive", "mental", " health", "born", "date of birth", "union", "row", "for",
        "lgbtq", "+", "herr", "grüße", "viele", "ver.di", "ig metall", "die", " linke", " ",
        "  ", "\n", "\t", "\u00a0", "\u2003", "\x85", "(", "'", "’", "-", ".", ",", "x", "_",
        "7", "٣", "é",
    ]
)  # fmt: skip
name_pieces = st.sampled_from(
    [
        "Anna", "Maria", "Anna-Maria", "Annabelle", "Jean", "-Pierre", "McDonald", "Donald",
        "O'Brien", "O’Brien", "Schmidt", "Müller", "Émile", "Rose", "rose", "ANNA", "SW1A",
        " 1AA", "DE89", "GB82WEST12", "AB٣", "A٣", "Q", "Z9", "x", "_", "-", "'", "’", ".", " ",
        "\n", "7", "é",
    ]
)  # fmt: skip
phrase_texts = st.lists(phrase_pieces, max_size=14).map("".join)
name_texts = st.lists(name_pieces, max_size=14).map("".join)


@CHECKED
@given(phrase_texts)
@example("Thanks  you, best\u2003regards: Mr. Smith; d’origine; j'ai voté; diabetes; st.x")
def test_phrase_hits_are_the_ones_the_trie_found_by_itself(text: str) -> None:
    lowered = lower_case(text)
    index = _phrase_index()
    phrases, marks = split_marks(index.scan(lowered))
    assert phrases == reference_scan(index, lowered, case_sensitive=False)
    assert marks == reference_marks(lowered)


german_pieces = st.sampled_from(
    ["straße", "str.", "weg", "ring", "bring", "platz", "allee", " ", "  ", "\n", "’", "'", "5",
     "٣", "a", "-", "/", "x", "é", "thanks", "mr"]
)  # fmt: skip


@CHECKED
@given(st.lists(german_pieces, max_size=14).map("".join))
@example("hauptstraße 5, am ring 12a, waldweg 7/1, str. ٣, bring 2, ’weg 3 and weg  4")
def test_the_marks_are_found_wherever_they_occur(text: str) -> None:
    lowered = lower_case(text)
    index = _phrase_index()
    phrases, marks = split_marks(index.scan(lowered))
    assert phrases == reference_scan(index, lowered, case_sensitive=False)
    assert marks == reference_marks(lowered)


def test_a_mark_the_automaton_would_misread_is_refused() -> None:
    with pytest.raises(ValueError, match="mark"):
        PhraseIndex([("thanks", "sign-off")], marks=[("l'", "x")])


@CHECKED
@given(name_texts)
@example("xAnna-Maria Schmidt, McDonald's, O’Brien, Annabelle-Jean, SW1A 1AA, DE89 and AB٣")
def test_name_hits_and_code_starts_are_the_ones_the_tries_found(text: str) -> None:
    names = _name_index()
    reference = ReferenceCapitalScan(names).scan(text)
    assert _capital_scan().scan(text) == reference
    assert names.scan(text) == reference_scan(names, text, case_sensitive=True) == reference[0]
    assert reference[1] == code_starts(text)


def test_a_name_the_automaton_cannot_read_as_one_word_is_refused() -> None:
    with pytest.raises(ValueError, match="one literal word"):
        CapitalScan(PhraseIndex([("Anna Maria", "name")], case_sensitive=True))
    with pytest.raises(ValueError, match="digit"):
        CapitalScan(PhraseIndex([("Anna4", "name")], case_sensitive=True))


@pytest.mark.slow
@pytest.mark.parametrize("pii_share", [1.0, 0.1])
def test_on_the_benchmark_corpora_the_hits_are_the_tries_hits(pii_share: float) -> None:
    """Both corpora of `bench/detection.py` (a slice of each), as one text and text by text."""
    documents = generate_corpus(300_000, seed=20240301, pii_share=pii_share)
    texts = [d.text for d in documents]
    detector = Detector()
    reference_capitals = ReferenceCapitalScan(_name_index())
    for text in [*texts, "\n\n".join(texts)]:
        lowered = lower_case(text)
        phrases, marks = split_marks(detector._phrases.scan(lowered))
        assert phrases == reference_scan(_phrase_index(), lowered, case_sensitive=False)
        assert marks == reference_marks(lowered)
        assert detector._capitals.scan(text) == reference_capitals.scan(text)
