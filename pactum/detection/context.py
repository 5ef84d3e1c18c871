"""Context rules: the characters and words around a candidate that confirm it or rule it out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pactum.detection.vocabulary import word_set

WORD = re.compile(r"n°|[^\W\d_]+|#|\d+")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")

# A number right after one of these words is an order, invoice, part, ticket, version or amount,
# not a phone, card or SSN ("order #48213", "Rechnung Nr. 2023-0042", "facture n° 2023-117").
REFERENCE_WORDS: frozenset[str] = word_set(
    """order orders ord invoice inv ref reference ticket case tracking shipment parcel package sku
    part item article serial id nr num version ver v build release rev revision
    bestellung bestellnummer auftrag auftragsnummer rechnung rechnungsnummer artikel artikelnummer
    kundennummer sendung sendungsnummer vorgang commande facture numéro colis référence réf
    dossier client customer account konto amount total sum betrag summe montant prix price
    eur usd chf gbp # n°"""
)

# A separator in a digit run may be ". " or " - ", so up to three characters; each repeat must
# end in a digit, so the run is matched in one linear pass however long it is. The possessive
# repeats match what greedy ones would (a separator is never a digit), with no backtracking.
# The six repeats a run needs are written out: `(?:...){6}` costs the engine more at each digit
# it tries, and a repeat that cannot backtrack matches the same either way.
_THEN_DIGIT = r"[ \-./()]{0,3}+\d"
DIGIT_RUN = re.compile(rf"\d{_THEN_DIGIT * 6}(?:{_THEN_DIGIT})*+")

# Characters that glue a digit run to a longer token: "ORD-2024-000123", "1Z999AA1012345",
# UUIDs, "v1.2.3", amounts "€1.234.567", "#48213".
_GLUE_BEFORE = frozenset("_-./#@€$£¥\\")
_GLUE_AFTER = frozenset("_@%€$£¥°")


def words_before(text: str, start: int, count: int = 3, width: int = 40) -> list[str]:
    """The last `count` words before `start`, lower-cased (looking back at most `width` chars)."""
    window = text[max(0, start - width) : start].lower()
    return WORD.findall(window)[-count:]


def words_around(
    text: str, start: int, end: int, width: int = 60, *, clause: bool = False
) -> set[str]:
    """Lower-cased words within `width` characters on either side of a span, the span excluded.

    With `clause`, the window stops at a sentence end or a line break on either side.
    """
    before = text[max(0, start - width) : start].lower()
    after = text[end : end + width].lower()
    if clause:
        ends = list(_SENTENCE_END.finditer(before))
        before = before[ends[-1].end() :] if ends else before
        first = _SENTENCE_END.search(after)
        after = after[: first.start()] if first else after
    return set(WORD.findall(before)) | set(WORD.findall(after))


def is_glued(text: str, start: int, end: int) -> bool:
    """Whether the span is part of a longer token (a reference, a UUID, an amount, a version)."""
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or before in _GLUE_BEFORE:
            return True
    if end < len(text):
        after = text[end]
        if after in _GLUE_AFTER:
            return True
        if after.isalpha():
            # "547-657-7104x656" and "555 1234 ext. 12" are phone extensions, not glue.
            return not (after in "xX" and text[end + 1 : end + 2].isdigit())
        if after == "," and text[end + 1 : end + 2].isdigit():
            return True  # a decimal comma: "1.234.567,89"
        if after == "-" and text[end + 1 : end + 2].isalnum():
            return True  # the first group of a UUID or a reference: "06439201-ebac-..."
    return False


def is_reference(text: str, start: int, cues: frozenset[str]) -> bool:
    """Whether the words before `start` call the number a reference, and none calls it a `cue`.

    A cue wins anywhere in the window: "phone no. 030 1234567" is a phone number.
    """
    words = words_before(text, start)
    return cues.isdisjoint(words) and not REFERENCE_WORDS.isdisjoint(words)


def digit_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of at least seven digits joined by phone or card separators, not glued to a token."""
    for match in DIGIT_RUN.finditer(text):
        start, end = match.span()
        if not is_glued(text, start, end):
            yield start, end


# Where an IBAN or a UK postcode may start: a capital opening a token, then a digit, or a second
# capital and a digit. One scan serves both rules (each capital in the text costs the engine a try).
_CODE_START = re.compile(r"[A-Z](?<![\w][A-Z])(?=[A-Z]?\d)")


def code_starts(text: str) -> list[int]:
    """Offsets where a code of capitals and digits (an IBAN, a UK postcode) may start."""
    return [match.start() for match in _CODE_START.finditer(text)]


# The capitals a code starts with (`capitals` finds the starts with an automaton).
CODE_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def has_cue(words: set[str] | list[str], cues: frozenset[str]) -> bool:
    return not cues.isdisjoint(words)
