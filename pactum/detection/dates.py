"""Dates of birth: a date reported only when a birth word (born, DOB, geboren, né le) comes first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from pactum.detection.findings import Finding, FindingType
from pactum.detection.phrases import Hit, trie_pattern

# Birth words, for the phrase index; the date must follow within WINDOW characters.
BIRTH_WORDS: frozenset[str] = frozenset(
    {
        "born", "birth", "birthday", "birthdate", "birth date", "date of birth", "dob", "d.o.b",
        "d.o.b.", "geboren", "geb.", "geburtsdatum", "geburtstag", "né le", "née le", "né(e) le",
        "naissance", "date de naissance",
    }
)  # fmt: skip
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv januar jän",
            "february feb février févr februar",
            "march mar mars märz mär",
            "april apr avril",
            "may mai",
            "june jun juin juni",
            "july jul juillet juil juli",
            "august aug août",
            "september sep sept septembre",
            "october oct octobre oktober okt",
            "november nov novembre",
            "december dec décembre déc dezember dez",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = trie_pattern(sorted(MONTHS))
_DATE = re.compile(
    r"(?<![\w./-])(?:"
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    r"|(?P<num>(?P<na>\d{1,2})(?P<s>[./-])(?P<nb>\d{1,2})(?P=s)(?P<ny>\d{4}|\d{2}))"
    rf"|(?P<dmy>(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er)?\.?(?:\s+of)?\s+(?P<dm>{_MONTH})\.?,?\s+(?P<dy>\d{{4}}))"
    rf"|(?P<mdy>(?P<mm>{_MONTH})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}}))"
    r")(?![\w/-]|[.:]\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# A sentence ends between the birth word and the date: they do not belong together.
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")
# How far after the birth word the date may start ("born on the 3rd of March 1985").
WINDOW = 32


def find_dates_of_birth(
    text: str, hits: Iterable[Hit], today: dt.date | None = None
) -> Iterator[Finding]:
    """Dates next to a birth word (`hits` from the phrase index), plausible as a birth date.

    The date follows the word ("born on 3 March 1985", "DOB: 1985-03-03"), or comes just before
    it ("am 03.03.1985 geboren").
    """
    year_now = (today or dt.date.today()).year
    last_end = 0
    for hit in hits:
        if _DIGIT.search(text, max(0, hit.start - 40), hit.end + WINDOW + 30) is None:
            continue  # no date without a digit: the common case, checked cheaply
        date = _date_after(text, hit) or _date_before(text, hit)
        if date is None or date.start() < last_end or not _is_birth_date(date, year_now):
            continue
        last_end = date.end()
        reason = f"context words: {hit.phrase}"
        yield Finding(FindingType.DATE_OF_BIRTH, date.start(), date.end(), 0.92, reason)


def _date_after(text: str, hit: Hit) -> re.Match[str] | None:
    date = _DATE.search(text, hit.end, hit.end + WINDOW + 30)
    if date is None or date.start() - hit.end > WINDOW:
        return None
    return None if _SENTENCE_END.search(text, hit.end, date.start()) else date


def _date_before(text: str, hit: Hit) -> re.Match[str] | None:
    last = None
    for date in _DATE.finditer(text, max(0, hit.start - 40), hit.start):
        last = date
    if last is None or hit.start - last.end() > 3 or text[last.end() : hit.start].strip(" ,"):
        return None
    return last


def _is_birth_date(match: re.Match[str], year_now: int) -> bool:
    group = match.group
    if group("iso"):
        candidates = [(int(group("iy")), int(group("im")), int(group("id")))]
    elif group("num"):
        year = int(group("ny"))
        if year < 100:  # two-digit years: the most recent past century
            year += 2000 if year <= year_now % 100 else 1900
        a, b = int(group("na")), int(group("nb"))
        candidates = [(year, b, a), (year, a, b)]  # day first (EU) or month first (US)
    elif group("dmy"):
        candidates = [(int(group("dy")), MONTHS[group("dm").lower()], int(group("dd")))]
    else:
        candidates = [(int(group("my")), MONTHS[group("mm").lower()], int(group("md")))]
    return any(_is_date(y, m, d) and 1900 <= y <= year_now for y, m, d in candidates)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
