"""Many word lists found in one pass: an automaton finds where phrases may start, a trie confirms."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick

# A phrase ending in "*" matches any word that starts with it ("diabet*": diabetes, diabetic).
STEM = "*"

Node = dict[str, "Node"]
# What a phrase may follow: whitespace and the punctuation that opens or separates words. An
# explicit set is tested faster than "not a word character", and the scan enters only there.
_BOUNDARY = " \\n\\t\\r\\f\\v\u00a0(\\[{\"'/\\-:;,.!?«„“‘"
# The same characters, as the automaton's keys spell them.
BOUNDARY_CHARS = " \n\t\r\f\v\u00a0([{\"'/-:;,.!?«„“‘"


class Hit(NamedTuple):
    """A phrase found at `text[start:end]`, with the tag its word list gave it."""

    start: int
    end: int
    phrase: str
    tag: str


class PhraseIndex:
    """Phrases, each with one or more tags, found in a text by one linear scan.

    A trie-shaped regular expression gives each match, and is tried only where an automaton
    (`Starts`) says a phrase may start, not at every word start (decision 0073). By default
    phrases are lower-case and the text given to `scan` is lower-cased by the caller; a boundary
    character must come before a phrase. With `case_sensitive`, phrases match as written (names:
    "Rose" but not "rose"), and the boundary before a phrase is checked afterwards.
    """

    def __init__(
        self,
        tags: Iterable[tuple[str, str]],
        *,
        case_sensitive: bool = False,
        marks: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._case_sensitive = case_sensitive
        self._tags: dict[str, list[str]] = {}
        for phrase, tag in tags:
            self._tags.setdefault(self._normalized(phrase), []).append(tag)
        # Marks: literal strings found wherever they occur (no boundary, no trie), each with its
        # tag, by the same automaton pass; another rule's anchors ride along for free.
        self._marks = list(marks)
        if any("’" in mark or "'" in mark for mark, _ in self._marks):
            raise ValueError("the automaton reads ’ as ': a mark cannot hold either")
        body = trie_pattern(sorted(self._tags))
        # No capturing group: a group costs the engine a save and restore at every try.
        literals = [mark for mark, _ in self._marks]
        if case_sensitive:
            self._pattern = re.compile(rf"{body}(?!\w)")
            self._starts = Starts(self._tags, marks=literals)
        else:
            self._pattern = re.compile(rf"[{_BOUNDARY}]{body}(?!\w)")
            self._starts = Starts(self._tags, before=BOUNDARY_CHARS, marks=literals)

    def __len__(self) -> int:
        return len(self._tags)

    @property
    def phrases(self) -> list[str]:
        """The phrases as the index matches them (normalised), in sorted order."""
        return sorted(self._tags)

    @property
    def tags(self) -> Mapping[str, list[str]]:
        """Each phrase as the index matches it (normalised), and its tags."""
        return self._tags

    @property
    def pattern(self) -> re.Pattern[str]:
        """The trie, as `scan` matches it (a leading boundary character unless case-sensitive)."""
        return self._pattern

    def hits(self, found: str, start: int, end: int) -> list[Hit]:
        """The hits for `found`, a match of this index's trie at `text[start:end]`."""
        phrase = found if found in self._tags else self._phrase_of(self._normalized(found))
        if phrase is None:
            return []
        return [Hit(start, end, phrase, tag) for tag in self._tags[phrase]]

    def _normalized(self, phrase: str) -> str:
        phrase = " ".join(phrase.replace("’", "'").split())
        return phrase if self._case_sensitive else phrase.lower()

    def scan(self, text: str) -> list[Hit]:
        """Hits in text order, then the marks' hits in text order. Lower-case the text first
        unless the index is case-sensitive.

        The matches are `self.pattern.finditer`'s: the trie is tried at each possible start in
        order, from where the last match ended. A mark's hits are where `text` holds it.
        """
        hits: list[Hit] = []
        tags = self._tags
        # A leading space gives a phrase at offset 0 its boundary; offsets are shifted back.
        # The boundary is one character: the phrase starts right after it, where it was added.
        shift = 0 if self._case_sensitive else 1
        searched = text if shift == 0 else " " + text
        match_at = self._pattern.match
        reached = 0
        starts, marked = self._starts.find(searched)
        for position in starts:
            if position < reached or (match := match_at(searched, position)) is None:
                continue
            start, reached = match.span()
            if shift == 0 and start and text[start - 1].isalnum():
                continue  # inside a word ("McDonald" holds no "Donald")
            found = searched[start + shift : reached]
            phrase = found if found in tags else self._phrase_of(self._normalized(found))
            if phrase is not None:
                # `text[start:end]`: the boundary's character takes the place of the added space.
                end = reached - shift
                for tag in tags[phrase]:
                    hits.append(Hit(start, end, phrase, tag))
        for mark, start, end in marked:
            literal, tag = self._marks[mark]
            hits.append(Hit(start - shift, end - shift, literal, tag))
        return hits

    def _phrase_of(self, found: str) -> str | None:
        if found in self._tags:
            return found
        for cut in range(len(found) - 1, 0, -1):
            stem = found[:cut] + STEM
            if stem in self._tags:
                return stem
        return None


def trie_pattern(phrases: list[str]) -> str:
    """One regular expression for many phrases, shaped as a trie (no backtracking between them)."""
    return node_pattern(trie(phrases))


def trie(phrases: list[str]) -> Node:
    """The phrases as nested dicts, one level per character; "" marks where a phrase ends."""
    root: Node = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def node_pattern(node: Node) -> str:
    """The pattern for what follows a node of `trie`: its children as one alternation."""
    branches: list[str] = []
    ends_here = False
    for char in sorted(node):
        child = node[char]
        if char == "":
            ends_here = True
        elif char == STEM:
            branches.append(r"\w*")
        else:
            branches.append(char_pattern(char) + node_pattern(child))
    if not branches:
        return ""
    if ends_here:
        branches.append("")  # an empty branch is cheaper for re than an optional group
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def char_pattern(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)


class Starts:
    """Where a trie of `phrases` may match: every start of a match, and a few more.

    An Aho-Corasick automaton (ahocorasick-rs) finds each phrase's literal head: the phrase up to
    its first space, with that space spelled as each character `\\s` matches, or up to its stem
    mark, or the whole phrase; after each character of `before`, which the trie must match first.
    A whole phrase counts only where no word character follows, as the trie's `(?!\\w)` asks.
    The automaton reads "’" as "'", as `char_pattern` does. Each of the trie's matches starts
    with one of these heads, so trying the trie at the starts found misses none of its matches.
    The same automaton also finds `marks`, literal strings reported wherever they occur.
    """

    def __init__(
        self, phrases: Iterable[str], *, before: str = "", marks: Sequence[str] = ()
    ) -> None:
        heads: dict[str, bool] = {}  # each head, and whether it is a whole phrase
        for phrase in phrases:
            for head, whole in _heads(phrase):
                heads[head] = heads.get(head, True) and whole
        keys = [(b + head, whole) for head, whole in heads.items() for b in before or [""]]
        self._heads_end = len(keys)
        # The marks' keys come last: a key's number tells a head from a mark.
        self._automaton = AhoCorasick([*(key for key, _ in keys), *marks])
        self._whole = [whole for _, whole in keys]
        self._has_marks = bool(marks)

    def find(self, text: str) -> tuple[list[int], list[tuple[int, int, int]]]:
        """The possible starts in `text`, in order; and (mark, start, end) for each mark found,
        ordered by end."""
        whole = self._whole
        heads_end = self._heads_end
        size = len(text)
        found = self._automaton.find_matches_as_indexes(text.replace("’", "'"), overlapping=True)
        # `is_word_char`, written out: this runs for every head found.
        starts = sorted(
            {
                start
                for key, start, end in found
                if key < heads_end
                and not (whole[key] and end < size and ((c := text[end]).isalnum() or c == "_"))
            }
        )
        if self._has_marks:
            return starts, [(k - heads_end, s, e) for k, s, e in found if k >= heads_end]
        return starts, []


def _heads(phrase: str) -> list[tuple[str, bool]]:
    head = phrase.split(STEM, 1)[0]
    if " " in head:
        word = head.split(" ", 1)[0]
        return [(word + space, False) for space in spaces()]
    if not head:
        raise ValueError(f"no literal head to find {phrase!r} by")
    return [(head, head == phrase)]


def is_word_char(char: str) -> bool:
    """Whether `re`'s `\\w` matches `char` (as `_sre` reads it: alphanumeric or "_")."""
    return char.isalnum() or char == "_"


@cache
def spaces() -> tuple[str, ...]:
    """Every character `re`'s `\\s` matches (`_sre` and `str.isspace` read the same table)."""
    return tuple(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


@cache
def decimal_digits() -> tuple[str, ...]:
    """Every character `re`'s `\\d` matches (`_sre` and `str.isdecimal` read the same table)."""
    return tuple(c for c in map(chr, range(sys.maxunicode + 1)) if c.isdecimal())
