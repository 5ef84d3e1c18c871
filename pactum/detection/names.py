"""Person names in English, German and French text: name lists, titles, cue words, capitals."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from pactum.detection.findings import Finding, FindingType
from pactum.detection.phrases import Hit
from pactum.detection.vocabulary import (
    AMBIGUOUS_FIRST_NAMES,
    GENERIC_ADDRESSEES,
    NAME_PARTICLES,
    NOT_NAMES,
)

# Faker ships first and last names per locale; they are read once, at first use.
NAME_LOCALES = ("en_US", "en_GB", "en_IE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CH", "fr_BE")

UPPER = "A-ZÀ-ÖØ-ÞŁŚŠŽČĆŻŹŒ"
LOWER = "a-zß-öø-ÿĀ-žœ"
# "Anna", "O'Brien", "McDonald", "Jean-Pierre", "Hicks-Hopkins": a capital, then two letters or more.
_CAP_REST = rf"(?:['’][{UPPER}])?[{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}][{LOWER}]+)*"
CAP = rf"[{UPPER}]{_CAP_REST}"
_PARTICLE = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
_NEXT = rf"(?: (?:(?:{_PARTICLE}) )?|-){CAP}"
# After a known name word: up to four more capitalised words (see `_run_start` for before).
_AFTER = re.compile(rf"(?:{_NEXT}){{0,4}}")
_CAP_WORD = re.compile(CAP)
_NEIGHBOUR = re.compile(rf"[ -](?:[{UPPER}]|(?:{_PARTICLE}) )")
_TOKEN = re.compile(rf"{CAP}|(?:{_PARTICLE})(?= )")
# The name after a title or a cue: up to three words, after ",", ":" and one line break.
_NAME_AFTER = re.compile(rf"\.?[,:!]?[ \t]*(?:\r?\n[ \t]*)?(?P<name>{CAP}(?:{_NEXT}){{0,2}})")
CUE_TAGS = frozenset({"title", "introduction", "greeting", "sign-off"})


@dataclass(frozen=True)
class NameLists:
    first: frozenset[str]
    last: frozenset[str]

    def knows(self, word: str) -> bool:
        return _is_in(word, self.first) or _is_in(word, self.last)


@cache
def name_lists() -> NameLists:
    first: set[str] = set()
    last: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first.update(_words(getattr(provider, "first_names", ())))
        last.update(_words(getattr(provider, "last_names", ())))
    return NameLists(
        frozenset(first - NOT_NAMES - AMBIGUOUS_FIRST_NAMES), frozenset(last - NOT_NAMES)
    )


def _words(names: Iterable[str]) -> Iterator[str]:
    for name in names:
        for word in name.split():
            if word.lower() not in NAME_PARTICLES and len(word) > 1 and word[0].isupper():
                yield word


def _is_in(word: str, names: frozenset[str]) -> bool:
    return word in names or ("-" in word and all(part in names for part in word.split("-")))


def _is_particle(word: str) -> bool:
    return word.lower() in NAME_PARTICLES


def name_phrases() -> Iterator[tuple[str, str]]:
    """The name lists for the phrase index, so known names are found in the shared scan."""
    # One tag for both lists: the rules read only where a known name is, and a name on both
    # lists ("Thomas") would otherwise be read twice.
    lists = name_lists()
    yield from ((name, "name") for name in sorted(lists.first | lists.last))


def find_names(text: str, hits: Iterable[Hit]) -> Iterator[Finding]:
    """Names by the lists (two capitalised words, one of them known), and after titles or cues.

    `hits` are the phrase index's hits for the name lists and the cue words, in text order; a
    known name found lower-case ("will", "may", "rose") anchors nothing.
    """
    lists = name_lists()
    covered = 0
    name_after = _NAME_AFTER.match
    for hit in hits:
        if hit.tag in CUE_TAGS:
            # Most cues ("thanks for", "merci pour") have no capitalised word after them.
            if (match := name_after(text, hit.end)) is not None:
                yield from _name_after_cue(text, hit, match, lists)
        elif hit.start >= covered and _is_capitalised(text, hit.start):
            for finding in _names_around(text, hit, lists):
                covered = max(covered, finding.end)
                yield finding


def _is_capitalised(text: str, position: int) -> bool:
    return text[position].isupper() and not text[position + 1 : position + 2].isupper()


def _names_around(text: str, hit: Hit, lists: NameLists) -> Iterator[Finding]:
    """Names in the run of capitalised words around a known name word."""
    start = _run_start(text, hit.start)
    if start == hit.start and not _NEIGHBOUR.match(text, hit.end):
        return  # a name word alone ("Support from Rotterdam") is no name by the lists
    after = _AFTER.match(text, hit.end)
    end = after.end() if after else hit.end
    # The words alone first: most runs hold no name, and only a name needs the words' offsets.
    words = _TOKEN.findall(text, start, end)
    spans: list[tuple[int, int]] = []
    # Whether the run opens a sentence matters only to a name at its first word.
    at_sentence_start = len(words) > 1 and _is_sentence_start(text, start)
    index = 0
    while index < len(words) - 1:
        stop, score, reason = _name_from(words, index, lists, at_sentence_start and index == 0)
        if stop > index:
            if not spans:
                spans = [token.span() for token in _TOKEN.finditer(text, start, end)]
            yield Finding(FindingType.PERSON, spans[index][0], spans[stop - 1][1], score, reason)
            index = stop
        else:
            index += 1


def _run_start(text: str, position: int) -> int:
    """Where the run of up to three capitalised words (or particles) before `position` starts."""
    start = position
    for _ in range(3):
        if start < 2 or text[start - 1] != " ":
            break
        low = max(0, start - 40)
        cut = max(text.rfind(" ", low, start - 1), text.rfind("\n", low, start - 1))
        if cut < 0 and low > 0:
            break  # no word boundary within reach: not a name word
        word_start = cut + 1
        word = text[word_start : start - 1]
        if not (_CAP_WORD.fullmatch(word) or word.lower() in NAME_PARTICLES):
            break
        start = word_start
    return start


def _name_from(
    words: list[str], index: int, lists: NameLists, at_sentence_start: bool
) -> tuple[int, float, str]:
    """(end, score, reason) of a name that starts at `words[index]`; end == index when none."""
    none = (index, 0.0, "")
    first = words[index]
    if first in NOT_NAMES or first.lower() in NAME_PARTICLES:
        return none
    end, known = _known_run(words, index + 1, lists)
    if _is_in(first, lists.first):
        if known:
            return end, 0.9, "name list"
        following = words[index + 1]
        if following in NOT_NAMES or following.lower() in NAME_PARTICLES:
            return none
        return index + 2, 0.65, "first name list"  # a known first name, an unknown surname
    # An unknown first name before a known surname ("Kofi Schmidt"); not when a known first name
    # follows ("Kollege Mona Fliegner": the name starts at "Mona"), nor opening a sentence. Below
    # the default threshold: in German two capitalised nouns ("Tür Bauer") look just the same.
    if (
        known
        and not at_sentence_start
        and not _is_in(words[index + 1], lists.first)
        and _is_in(words[end - 1], lists.last)
    ):
        return end, 0.45, "last name list"
    return none


def _known_run(words: list[str], start: int, lists: NameLists) -> tuple[int, int]:
    """(end, how many known) of the known names and particles from `start`, at most three."""
    end, known = start, 0
    first, last = lists.first, lists.last
    while end < len(words) and end - start < 3:
        word = words[end]
        if word in NOT_NAMES:
            break
        if word.lower() not in NAME_PARTICLES:
            if not (word in first or word in last or lists.knows(word)):
                break
            known += 1
        end += 1
    while end > start and words[end - 1].lower() in NAME_PARTICLES:
        end -= 1
    return end, known


def _is_sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position].rstrip(" \t")
    return not before or before[-1] in ".!?:\n\"'“«„"


def _name_after_cue(
    text: str, hit: Hit, match: re.Match[str], lists: NameLists
) -> Iterator[Finding]:
    """The name in `match`, `_NAME_AFTER`'s match right after the cue word `hit`, if any."""
    if hit.tag == "title" and not text[hit.start].isupper():
        return  # "frau" and "herr" are titles only when capitalised
    words = match.group("name").split(" ")
    while words and (words[-1] in NOT_NAMES or _is_particle(words[-1])):
        words.pop()
    known = any(lists.knows(word) for word in words)
    if not words or words[0] in GENERIC_ADDRESSEES:
        return
    if (words[0] in NOT_NAMES or words[0] in AMBIGUOUS_FIRST_NAMES) and not (
        len(words) > 1 and lists.knows(words[1])
    ):
        return  # "Thanks, May" is a month; "Thanks, May Smith" is a person
    score = _cue_score(
        hit.tag, known=known, is_line_end=_ends_line(text, match.start("name"), words)
    )
    if score:
        start = match.start("name")
        yield Finding(FindingType.PERSON, start, start + len(" ".join(words)), score, hit.tag)


def _cue_score(tag: str, *, known: bool, is_line_end: bool) -> float:
    if tag in ("title", "introduction"):
        return 0.85 if known else 0.75
    if known:
        return 0.8
    if tag == "greeting" or (tag == "sign-off" and is_line_end):
        return 0.6  # "Hi Kofi," and a signature line "Regards,\nKofi"
    return 0.0  # "Thanks Google for ..." is not a name


def _ends_line(text: str, start: int, words: list[str]) -> bool:
    end = start + len(" ".join(words))
    rest = text[end : end + 2]
    return rest == "" or rest[0] in "\r\n" or rest in (",\n", ".\n")
