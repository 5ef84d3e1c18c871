"""One pass over a text's capitals: the known names, and where a code (IBAN, postcode) may start."""

from __future__ import annotations

from ahocorasick_rs import AhoCorasick

from pactum.detection.context import CODE_CAPITALS
from pactum.detection.phrases import STEM, Hit, PhraseIndex, decimal_digits, is_word_char

_ASCII_DIGITS = "0123456789"


class CapitalScan:
    """`names.scan(text)` and `context.code_starts(text)`, found by one automaton (decision 0073).

    The automaton (ahocorasick-rs) holds the known names, each capital followed by a digit 0-9
    or by a capital and a digit 0-9, and every other character `\\d` matches, alone. From what it
    finds:
    - names: each name is one literal word (building refuses a name with a space, a stem mark or
      a digit), so what the names' trie matches at a position is the longest name there that no
      word character follows; matches are taken in text order from where the last one ended, as
      `finditer` takes them, and a match right after a letter or digit gives no hit;
    - code starts: a capital A-Z that no word character precedes, followed by a digit or by a
      capital and a digit (`context.code_starts`).
    The two do not interact: a code start has a digit one or two characters on, a name has
    letters there, and neither can start inside the other (a code start needs no word character
    before its capital, and a name's last letter cannot be followed by a digit).
    """

    def __init__(self, names: PhraseIndex) -> None:
        self._names = names
        phrases = [phrase.replace("’", "'") for phrase in names.phrases]
        if any(char.isdigit() for phrase in phrases for char in phrase):
            raise ValueError("a name with a digit would be read as a code start")
        if any(" " in phrase or STEM in phrase for phrase in phrases):
            raise ValueError("a name is read as one literal word")
        codes = [c + d for c in CODE_CAPITALS for d in _ASCII_DIGITS]
        codes += [c + c2 + d for c in CODE_CAPITALS for c2 in CODE_CAPITALS for d in _ASCII_DIGITS]
        other_digits = [d for d in decimal_digits() if d not in _ASCII_DIGITS]
        self._names_end = len(phrases)
        self._codes_end = len(phrases) + len(codes)
        self._automaton = AhoCorasick([*phrases, *codes, *other_digits])

    def scan(self, text: str) -> tuple[list[Hit], list[int]]:
        """The names index's hits and the code starts, each in text order."""
        names_end, codes_end = self._names_end, self._codes_end
        size = len(text)
        longest: dict[int, int] = {}  # name start: the end of the longest name there
        codes: set[int] = set()
        found = self._automaton.find_matches_as_indexes(text.replace("’", "'"), overlapping=True)
        for key, start, end in found:
            if key < names_end:
                if end < size and ((c := text[end]).isalnum() or c == "_"):  # `is_word_char`
                    continue
                if longest.get(start, 0) < end:
                    longest[start] = end
            elif key < codes_end:
                if not (start and is_word_char(text[start - 1])):
                    codes.add(start)
            else:  # a digit other than 0-9 at `start`, after one capital or two
                codes.update(_codes_before(text, start))
        hits: list[Hit] = []
        reached = 0
        hits_of = self._names.hits
        tags = self._names.tags
        for start in sorted(longest):
            if start < reached:
                continue
            end = reached = longest[start]
            if not (start and text[start - 1].isalnum()):  # as `PhraseIndex.scan`
                name = text[start:end]
                if name in tags and len(tags[name]) == 1:  # `hits_of`, for the usual name
                    hits.append(Hit(start, end, name, tags[name][0]))
                else:
                    hits += hits_of(name, start, end)
        return hits, sorted(codes)


def _codes_before(text: str, digit: int) -> list[int]:
    """The code starts whose digit is at `digit`: one capital before it, or two."""
    starts = []
    for width in (1, 2):
        start = digit - width
        if start < 0 or not all("A" <= char <= "Z" for char in text[start:digit]):
            break
        if not (start and is_word_char(text[start - 1])):
            starts.append(start)
    return starts
