"""One scan over a text's capitals: the known names, and where a code (IBAN, postcode) may start."""

from __future__ import annotations

import re

from pactum.detection.context import CODE_CAPITALS, code_start_after
from pactum.detection.phrases import Hit, PhraseIndex, char_pattern, node_pattern, trie


class CapitalScan:
    """`names.scan(text)` and `context.code_starts(text)` in a single pass over the text.

    Both scans stop at capitals, and each stop costs the regular-expression engine a call,
    whatever it finds; one pattern with both rules halves those stops. Neither rule can match
    where the other does (a code start has a digit one or two characters on, a name has
    letters there), nor inside the other's match, so the one pass finds exactly what the two
    found. Each branch opens with its capital as a literal, so the engine still skips straight
    to the capitals (a class such as `[A-Z]` as a branch would cost that).
    """

    def __init__(self, names: PhraseIndex) -> None:
        self._names = names
        root = trie(names.phrases)
        if "" in root or any("" in node for node in root.values()):
            raise ValueError("a name of fewer than two characters would look like a code start")
        branches = []
        for capital in sorted(set(root) | set(CODE_CAPITALS)):
            rules = []
            if capital in CODE_CAPITALS:
                rules.append(code_start_after(capital))
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
            if end - start == 1:
                codes.append(start)  # a name has two characters or more
            elif not (start and text[start - 1].isalnum()):  # as `PhraseIndex.scan`
                hits += self._names.hits(match[0], start, end)
        return hits, codes
