"""Postal addresses: a street line and a locality (US city/state/ZIP, UK postcode, EU postcode+city)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pactum.detection.context import code_starts
from pactum.detection.findings import Finding, FindingType
from pactum.detection.phrases import Hit
from pactum.detection.vocabulary import GERMAN_STREET_ENDINGS, UK_POSTCODE_AREAS, US_STATES

_UP = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UP}0-9][\w'’.-]*"
_CAPWORD = rf"[{_UP}][\w'’.-]*"
_PLACE_PARTICLES = "am|an|im|in|bei|vor|der|sur|en|le|la|les|de|du|sous|lès"
_CITYWORD = rf"[{_UP}][\w'’-]*"
_CITY = rf"{_CITYWORD}(?:[ -](?:(?:{_PLACE_PARTICLES})[ -])?{_CITYWORD}){{0,3}}"
_UK_CODE = r"(?P<area>[A-Z]{1,2})\d[A-Z\d]? \d[A-Z]{2}(?!\w)"
# What may follow a street: ", 10115 Berlin", "\nJohnsonfurt, NE 80119", "\nNorth Holly\nS6 7LJ".
_LOCALITY_AFTER = re.compile(
    rf"(?:, |,\n|\n|,| )(?:(?P<eu>(?:[A-Z]{{1,2}}-)?\d{{4,5}} {_CITY})"
    rf"|(?P<us>{_CITY}, (?P<state>[A-Z]{{2}}) \d{{5}}(?:-\d{{4}})?(?![\d-]))"
    rf"|(?P<uk>(?:{_CITY}(?:, |\n| ))?{_UK_CODE}))"
)
# Localities found on their own, for streets of a type we do not know ("17 Jones Light").
_US_LOCALITY = re.compile(r", (?P<state>[A-Z]{2}) \d{5}(?:-\d{4})?(?![\d-])")
_UK_POSTCODE = re.compile(r"[A-Z](?<![\w][A-Z])[A-Z]?\d[A-Z\d]? \d[A-Z]{2}(?!\w)")
# On lower-cased text, anchored on " " then a digit (fast), the street word checked behind it.
# The first digit is read, not looked ahead at: at the many spaces before a letter the engine
# then fails at once, where a lookahead costs it a call.
_GERMAN_STREET = re.compile(
    r" \d(?:"
    + "|".join(f"(?<={re.escape(ending)} \\d)" for ending in GERMAN_STREET_ENDINGS)
    + r")\d{0,3}[a-z]?(?:[-/]\d{1,4}[a-z]?)?(?![\w/-])"
)
# Where `_GERMAN_STREET` may match: an ending and the space after it, found by the phrase
# index's automaton in the same pass as the phrases (`PhraseIndex(marks=...)`).
GERMAN_STREET_TAG = "german-street"
GERMAN_STREET_MARKS = tuple(
    (ending + " ", GERMAN_STREET_TAG) for ending in sorted(GERMAN_STREET_ENDINGS)
)
_DIGIT = re.compile(r"\d")
_GERMAN_HEAD = re.compile(rf"(?<![\w.-])(?:{_CAPWORD} ){{0,2}}{_CAPWORD}$")
_NUMBER_HEAD = re.compile(
    rf"(?:(?:Flat|Apartment|Apt\.?|Unit|Suite|Studio) )?"
    rf"(?<![\w.,/-])\d{{1,5}}[A-Za-z]?(?: ?(?:bis|ter))?,? (?:{_WORD} ){{0,3}}$"
)
_FRENCH_TAIL = re.compile(r"(?: (?:de la |de l'|de |du |des |d'|la |le |les )?[\w'’-]+){1,4}")
_ENGLISH_UNIT = re.compile(r",? (?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#) ?\d+[A-Za-z]?")
# Street lines of a type we do not know, accepted only right before a locality found on its
# own; "$" anchors them there (the searches pass the locality's start as endpos).
_STREET_LINES = (
    re.compile(
        rf"(?:(?:Flat|Apartment|Apt\.?|Unit|Suite|Studio) \d+[A-Za-z]?(?:, |\n))?"
        rf"(?<![\w.,/-])\d{{1,6}}[A-Za-z]?,? {_WORD}(?: {_WORD}){{0,4}}"
        rf"(?:,? (?:Apt\.?|Suite|Unit|#) ?\d+[A-Za-z]?)?$"
    ),
    re.compile(rf"(?:Flat|Apartment|Studio|Unit) \d+[A-Za-z]?\n{_WORD}(?: {_WORD}){{0,4}}$"),
)
_TOWN_LINE = re.compile(rf"(?<![\w'’.-]){_CITY}$")
_LINE_SEPARATORS = (", ", ",\n", "\n", ",")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    score: float  # 0: only with a locality after it
    reason: str


def find_addresses(
    text: str,
    lowered: str,
    street_hits: Iterable[Hit],
    code_starts: Iterable[int] | None = None,
    german_marks: Iterable[Hit] | None = None,
) -> Iterator[Finding]:
    """Streets (by street word or German ending) joined to the locality after them; then
    localities alone (US "City, ST 12345", UK postcodes), joined to the street line before.

    `code_starts` are the text's `context.code_starts`, and `german_marks` the hits of
    `GERMAN_STREET_MARKS` in `lowered`, when the caller has them already.
    """
    covered: list[tuple[int, int]] = []
    german = _german_streets(text, lowered, german_marks)
    for street in [*_english_french_streets(text, street_hits), *german]:
        locality_end = _locality_after(text, street.end)
        if locality_end:
            covered.append((street.start, locality_end))
            yield Finding(FindingType.ADDRESS, street.start, locality_end, 0.9, "street+locality")
        elif street.score:
            yield Finding(
                FindingType.ADDRESS, street.start, street.end, street.score, street.reason
            )
    for locality in [*_us_localities(text), *_uk_localities(text, code_starts)]:
        if any(s <= locality.start < e for s, e in covered):
            continue
        line_start = _street_line_before(text, locality.start)
        if line_start is not None:
            yield Finding(FindingType.ADDRESS, line_start, locality.end, 0.9, "street+locality")
        else:
            yield Finding(
                FindingType.ADDRESS, locality.start, locality.end, locality.score, locality.reason
            )


def _locality_after(text: str, position: int) -> int:
    """The end of a valid locality right after `position`, or 0."""
    match = _LOCALITY_AFTER.match(text, position)
    if match is None:
        return 0
    if match.group("us") and match.group("state") not in US_STATES:
        return 0
    if match.group("uk") and match.group("area") not in UK_POSTCODE_AREAS:
        return 0
    return match.end()


def _street_line_before(text: str, position: int) -> int | None:
    for separator in _LINE_SEPARATORS:
        if text.startswith(separator, position - len(separator)):
            end = position - len(separator)
            for pattern in _STREET_LINES:
                line = pattern.search(text, max(0, end - 80), end)
                if line is not None:
                    return line.start()
    return None


def _english_french_streets(text: str, hits: Iterable[Hit]) -> Iterator[_Span]:
    for hit in hits:
        number = _DIGIT.search(text, max(0, hit.start - 40), hit.start) is not None
        head = _NUMBER_HEAD.search(text, max(0, hit.start - 60), hit.start) if number else None
        if head is not None and head.end() != hit.start:
            head = None
        if text[hit.start].isupper():  # English: "221B Baker Street", "1777 Kramer Court Apt. 5"
            if head is None or not head.group().rstrip(", ").count(" "):
                continue  # a name goes between the number and the street word
            end = hit.end + (text[hit.end : hit.end + 1] == ".")
            unit = _ENGLISH_UNIT.match(text, end)
            yield _Span(head.start(), unit.end() if unit else end, 0.75, "number+street word")
            continue
        tail = _FRENCH_TAIL.match(text, hit.end)  # French: "12, rue de la Paix", "rue Lamy"
        if tail is None:
            continue
        if head is not None and head.group().rstrip(", ").replace(" ", "").isalnum():
            yield _Span(head.start(), tail.end(), 0.75, "number+street word")
        elif hit.start == 0 or not text[hit.start - 1].isalnum():
            yield _Span(hit.start, tail.end(), 0.0, "street word")


def _german_streets(text: str, lowered: str, marks: Iterable[Hit] | None = None) -> Iterator[_Span]:
    for match in _german_street_numbers(lowered, marks):
        word_end = match.start()
        word_start = max(
            lowered.rfind(" ", max(0, word_end - 60), word_end),
            lowered.rfind("\n", max(0, word_end - 60), word_end),
        )
        word_start += 1
        if (word_start == 0 and word_end > 60) or not text[word_start].isupper():
            continue
        if lowered[word_start:word_end] in GERMAN_STREET_ENDINGS:
            # The street word stands alone ("Berliner Straße 5"): take up to two words before it.
            head = _GERMAN_HEAD.search(text, max(0, word_start - 40), word_end)
            word_start = head.start() if head else word_start
        yield _Span(word_start, match.end(), 0.75, "street+number")


def _german_street_numbers(lowered: str, marks: Iterable[Hit] | None) -> Iterator[re.Match[str]]:
    """`_GERMAN_STREET.finditer(lowered)`, tried only at the space of a street ending's mark.

    Every match starts at a space right after an ending (its look-behind), so at a mark's space;
    and a match holds no other space, so none starts inside an earlier one: matching at each
    mark's space in order gives `finditer`'s matches, without its stop at every space.
    """
    if marks is None:
        yield from _GERMAN_STREET.finditer(lowered)
        return
    for space in sorted({mark.end - 1 for mark in marks}):
        if (match := _GERMAN_STREET.match(lowered, space)) is not None:
            yield match


def _uk_postcodes(text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """`_UK_POSTCODE.finditer(text)`, tried only where a code may start."""
    reached = 0
    for position in starts:
        if position >= reached and (match := _UK_POSTCODE.match(text, position)) is not None:
            reached = match.end()
            yield match


def _us_localities(text: str) -> Iterator[_Span]:
    for match in _US_LOCALITY.finditer(text):
        if match.group("state") not in US_STATES:
            continue
        town = _TOWN_LINE.search(text, max(0, match.start() - 40), match.start())
        if town is not None:
            yield _Span(town.start(), match.end(), 0.7, "city+state+zip")


def _uk_localities(text: str, starts: Iterable[int] | None) -> Iterator[_Span]:
    for match in _uk_postcodes(text, code_starts(text) if starts is None else starts):
        outward = match.group().split(" ")[0]
        area = outward[:2] if outward[1].isalpha() else outward[:1]
        if area not in UK_POSTCODE_AREAS:
            continue
        start, score = match.start(), 0.6
        for separator in ("\n", ", "):
            if text.startswith(separator, start - len(separator)):
                end = start - len(separator)
                town = _TOWN_LINE.search(text, max(0, end - 40), end)
                if town is not None:
                    start, score = town.start(), 0.75
                break
        yield _Span(start, match.end(), score, "uk postcode")
