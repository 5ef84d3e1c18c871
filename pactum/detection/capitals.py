"""One scan over a text's capitals: the known names, and where a code (IBAN, postcode) may start."""

from __future__ import annotations

import re

from pactum.detection.context import CODE_CAPITALS, CODE_START_REST
from pactum.detection.phrases import Hit, PhraseIndex, char_pattern, node_pattern, trie


class CapitalScan:
    """`names.scan(text)` and `context.code_starts(text)` in a single pass over the text.

    Both scans stop at capitals, and each stop costs the regular-expression engine a call,
    whatever it finds; one pattern with both rules halves those stops. Neither rule can match
    where the other does (a code start has a digit one or two characters on, a name has
    letters there), nor inside the other's match (a code start needs no word character before
    its capital), so the one pass finds exactly what the two found. Each branch opens with its
    capital as a literal, so the engine still skips straight to the capitals (a class such as
    `[A-Z]` as a branch would cost that).
    """

    def __init__(self, names: PhraseIndex) -> None:
        self._names = names
        root = trie(names.phrases)
        if any(char.isdigit() for phrase in names.phrases for char in phrase):
            raise ValueError("a name with a digit would be read as a code start")
        branches = []
        for capital in sorted(set(root) | set(CODE_CAPITALS)):
            rules = []
            if capital in CODE_CAPITALS:
                rules.append(CODE_START_REST)
            if capital in root:
                rules.append(node_pattern(root[capital]) + r"(?!\w)")
            branches.append(char_pattern(capital) + "(?:" + "|".join(rules) + ")")
        self._pattern = re.compile("(?:" + "|".join(branches) + ")")

    def scan(self, text: str) -> tuple[list[Hit], list[int]]:
        """The names index's hits and the code starts, each in text order."""
        hits: list[Hit] = []
        codes: list[int] = []
        for match in self._pattern.finditer(text):
            start, end = match.span()
            if text[end - 1].isdigit():
                codes.append(start)  # a code start reads up to its digit; names hold none
            elif not (start and text[start - 1].isalnum()):  # as `PhraseIndex.scan`
                hits += self._names.hits(match[0], start, end)
        return hits, codes
