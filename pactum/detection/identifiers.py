"""Structured identifiers found by pattern and confirmed by checksum: e-mail, card, IBAN, US SSN."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pactum.detection.context import code_starts, is_glued, is_reference, words_before
from pactum.detection.findings import Finding, FindingType
from pactum.detection.validity import IBAN_LENGTHS, is_card_number, is_iban, is_ssn
from pactum.detection.vocabulary import word_set

# The domain is matched possessively from the "@" and checked in code, and the local part is
# read backwards from the "@", so "a@a@a@..." or a megabyte of dots costs one pass.
_DOMAIN = re.compile(r"@[^\W_][\w.-]{0,252}+")
# Local parts as people write them; the rarer RFC characters ("=", "/", "!") are left out, or
# "user=anna@example.com" in a log line would swallow its key.
_LOCAL_REVERSED = re.compile(r"[\w.+%'-]{1,64}")
_LABEL = re.compile(r"[^\W_](?:[\w-]{0,61}[^\W_])?")

_IBAN = re.compile(r"[A-Z](?<![\w][A-Z])[A-Z]\d\d(?: ?[A-Z0-9]){11,30}")

_CARD = re.compile(
    r"(?<!\d)(?:\d{13,19}"
    r"|\d{4}(?P<s>[ -])\d{4}(?P=s)\d{4}(?P=s)\d{1,4}(?:(?P=s)\d{1,3})?"
    r"|\d{4}(?P<a>[ -])\d{6}(?P=a)\d{4,5})(?![\d])"
)
_SSN_SEPARATED = re.compile(r"(?<!\d)\d{3}(?P<s>[- ])\d{2}(?P=s)\d{4}(?!\d)")
_SSN_BARE = re.compile(r"(?<!\d)\d{9}(?!\d)")
_CARD_DIGITS, _SSN_DIGITS = 13, 9
_WITHOUT_SEPARATORS = str.maketrans("", "", " -./()")

CARD_CUES = word_set(
    "card credit debit visa mastercard amex discover jcb diners unionpay cc kreditkarte karte "
    "carte bancaire cb"
)
SSN_CUES = word_set("ssn ss social security soc sec ssa")
IBAN_SCORE = 0.98


def find_emails(text: str) -> Iterator[Finding]:
    for match in _DOMAIN.finditer(text):
        at = match.start()
        domain_end = at + 1 + _domain_length(match.group()[1:])
        if domain_end == at + 1:
            continue
        local = _LOCAL_REVERSED.match(text[max(0, at - 64) : at][::-1])
        if local is None:
            continue
        start = at - len(local.group())
        while start < at and not text[start].isalnum():
            start += 1  # a quote or a dot before the address is punctuation
        if start < at:
            yield Finding(FindingType.EMAIL, start, domain_end, 0.95, "pattern")


def _domain_length(candidate: str) -> int:
    """Length of the host name at the start of `candidate` (two labels or more), or 0."""
    labels: list[str] = []
    position = 0
    while (label := _LABEL.match(candidate, position)) is not None:
        labels.append(label.group())
        position = label.end()
        if not candidate.startswith(".", position):
            break
        position += 1
    # Trailing labels that cannot be a top-level domain belong to the sentence, not the address.
    while labels and not (len(labels[-1]) >= 2 and labels[-1].isalpha()):
        labels.pop()
    if len(labels) < 2:
        return 0
    return sum(len(label) for label in labels) + len(labels) - 1


def find_ibans(text: str, starts: Iterable[int] | None = None) -> Iterator[Finding]:
    """IBANs; `starts` are the text's `context.code_starts`, when the caller has them already."""
    reached = 0  # where the last match ended: matches do not overlap, as with `finditer`
    for position in code_starts(text) if starts is None else starts:
        match = _IBAN.match(text, position) if position >= reached else None
        if match is None:
            continue
        start, reached = match.span()
        expected = IBAN_LENGTHS.get(text[start : start + 2])
        if expected is None:
            continue
        end = _iban_end(text, start, match.end(), expected)
        if end and is_iban(text[start:end].replace(" ", "")):
            yield Finding(FindingType.IBAN, start, end, IBAN_SCORE, "pattern+checksum")


def _iban_end(text: str, start: int, limit: int, expected: int) -> int:
    """Where an IBAN of `expected` characters ends, if it ends at a token boundary."""
    seen = 0
    position = start
    while position < limit and seen < expected:
        if text[position] != " ":
            seen += 1
        position += 1
    if seen < expected or (position < len(text) and text[position].isalnum()):
        return 0
    return position


def find_numbers(text: str, runs: Iterable[tuple[int, int]]) -> Iterator[Finding]:
    """Cards and US SSNs inside digit runs (see `context.digit_runs`)."""
    for run_start, run_end in runs:
        run = text[run_start:run_end]
        # A run holds digits and separators only; a card has 13 digits or more, an SSN nine.
        digits = len(run.translate(_WITHOUT_SEPARATORS))
        if digits >= _CARD_DIGITS:
            yield from _cards(text, run, run_start)
        if digits >= _SSN_DIGITS:
            yield from _ssns(text, run, run_start)


def _cards(text: str, run: str, offset: int) -> Iterator[Finding]:
    for match in _CARD.finditer(run):
        digits = match.group().replace(" ", "").replace("-", "")
        if not is_card_number(digits):
            continue
        start = offset + match.start()
        if is_reference(text, start, CARD_CUES):
            continue
        yield Finding(
            FindingType.CREDIT_CARD, start, offset + match.end(), 0.97, "pattern+checksum"
        )


def _ssns(text: str, run: str, offset: int) -> Iterator[Finding]:
    for pattern, bare in ((_SSN_SEPARATED, False), (_SSN_BARE, True)):
        for match in pattern.finditer(run):
            start, end = offset + match.start(), offset + match.end()
            if is_glued(text, start, end) or not is_ssn(
                match.group().translate(_WITHOUT_SEPARATORS)
            ):
                continue
            has_cue = not SSN_CUES.isdisjoint(words_before(text, start, count=4))
            if bare and not has_cue:
                continue  # nine bare digits are too often something else
            if not has_cue and (match.group("s") == " " or is_reference(text, start, SSN_CUES)):
                continue
            score = 0.9 if has_cue else 0.8
            yield Finding(
                FindingType.US_SSN, start, end, score, "pattern+context" if has_cue else "pattern"
            )
