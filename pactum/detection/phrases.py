"""Many word lists found in one pass: phrases compiled into a trie-shaped regular expression."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# A phrase ending in "*" matches any word that starts with it ("diabet*": diabetes, diabetic).
STEM = "*"

Node = dict[str, "Node"]
# What a phrase may follow: whitespace and the punctuation that opens or separates words. An
# explicit set is tested faster than "not a word character", and the scan enters only there.
_BOUNDARY = " \\n\\t\\r\\f\\v\u00a0(\\[{\"'/\\-:;,.!?«„“‘"


class Hit(NamedTuple):
    """A phrase found at `text[start:end]`, with the tag its word list gave it."""

    start: int
    end: int
    phrase: str
    tag: str


class PhraseIndex:
    """Phrases, each with one or more tags, found in a text by one linear scan.

    A trie shape lets the engine try each position once, however many phrases there are. By
    default phrases are lower-case and the text given to `scan` is lower-cased by the caller;
    a boundary character in front of the trie lets the engine skip straight to word starts.
    With `case_sensitive`, phrases match as written (names: "Rose" but not "rose"), the first
    letter's case does the skipping, and the boundary before a phrase is checked afterwards.
    """

    def __init__(self, tags: Iterable[tuple[str, str]], *, case_sensitive: bool = False) -> None:
        self._case_sensitive = case_sensitive
        self._tags: dict[str, list[str]] = {}
        for phrase, tag in tags:
            self._tags.setdefault(self._normalized(phrase), []).append(tag)
        body = trie_pattern(sorted(self._tags))
        # No capturing group: a group costs the engine a save and restore at every stop.
        if case_sensitive:
            self._pattern = re.compile(rf"{body}(?!\w)")
        else:
            self._pattern = re.compile(rf"[{_BOUNDARY}]{body}(?!\w)")

    def __len__(self) -> int:
        return len(self._tags)

    @property
    def phrases(self) -> list[str]:
        """The phrases as the index matches them (normalised), in sorted order."""
        return sorted(self._tags)

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
        """Hits in text order. Lower-case the text first unless the index is case-sensitive."""
        hits: list[Hit] = []
        tags = self._tags
        # A leading space gives a phrase at offset 0 its boundary; offsets are shifted back.
        # The boundary is one character: the phrase starts right after it, where it was added.
        shift = 0 if self._case_sensitive else 1
        for match in self._pattern.finditer(text if shift == 0 else " " + text):
            start, end = match.span()
            if shift == 0 and start and text[start - 1].isalnum():
                continue  # inside a word ("McDonald" holds no "Donald")
            found = match[0][shift:]
            start += shift
            phrase = found if found in tags else self._phrase_of(self._normalized(found))
            if phrase is not None:
                for tag in tags[phrase]:
                    hits.append(Hit(start - shift, end - shift, phrase, tag))
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
