"""Many short texts scanned as one: how they are joined, and which may be joined at all.

Each rule costs about 7 µs per call, and on a short text the dozen rules run one after another
evict each other from the processor's caches; scanned as one text, many short texts cost what a
stream does (decision 0072). Joined, the texts must still be read each as if alone. `SEPARATOR`
does that; why it suffices, rule by rule:

- It opens and closes with a line break. At a text's edges the rules read a line break as they
  read the start or end of the text: it is a phrase boundary, a sentence and clause end, a line
  end for a signature, no glue for a number, no word character for `(?!\\w)` or `isalnum`, and it
  ends every pattern that runs on ("\\s+" inside phrases, URLs and e-mail parts stop at it).
- Between the breaks, `REACH` NUL characters. NUL is no word character, digit, capital, space,
  boundary or glue, so no pattern starts, stops or matches on it, and no pattern can cross it.
  The windows that read whatever lies in them reach at most 40 characters back
  (`context.words_before`: reference and cue words before a number) and 32 ahead (a date after a
  birth word; the sentence-end check between them does not stop at single line breaks), so none
  reaches the neighbouring text. Wider windows stop at a line break (special categories' clause,
  the look-back for a name's or a street's first word) or must end at a given position inside
  their own text (a street line up to 80 characters before a locality, a town before a
  postcode), which no match through a NUL can.
- Findings that start in a text end in it; overlaps are resolved only between findings that
  overlap, so those of one text are resolved as they would be alone.

One reading of the start of a text cannot be reproduced: a rule that looks back from a position
for a space or line break and, finding none within its reach, counts the start of the text as
the word's start only when its reach got there (`names._run_start` within 40 characters,
`addresses._german_streets` within 60). Inside a joined text, a reach that ends exactly at a
text's first character sees neither the separator nor the start. Texts whose first 39
characters hold no space and no line break are therefore scanned alone (`joins_safely`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

# Wider than any window that reads across a line break (40 characters), with some room.
REACH = 48
SEPARATOR = "\n" + "\x00" * REACH + "\n"
# The shortest look-back window (`names._run_start`) that treats "no boundary within reach and
# the reach got to offset 0" as a word starting there.
_START_WINDOW = 39
# Characters of text joined into one scan: as the stream's windows (`stream.WINDOW`).
JOINED_SIZE = 1 << 20


def joins_safely(text: str) -> bool:
    """Whether `text` gives the same findings joined to others as alone (see the module)."""
    if len(text) <= _START_WINDOW:
        return True
    head = text[:_START_WINDOW]
    return " " in head or "\n" in head


def groups(texts: Sequence[str], size: int = JOINED_SIZE) -> Iterator[list[int]]:
    """Indexes of `texts` that join safely, in order, in groups of about `size` characters."""
    group: list[int] = []
    length = 0
    for index, text in enumerate(texts):
        if not joins_safely(text):
            continue
        group.append(index)
        length += len(text) + len(SEPARATOR)
        if length >= size:
            yield group
            group, length = [], 0
    if group:
        yield group


def starts(lengths: Sequence[int]) -> list[int]:
    """Where each text starts once texts of these lengths are joined with `SEPARATOR`."""
    offsets: list[int] = []
    position = 0
    for length in lengths:
        offsets.append(position)
        position += length + len(SEPARATOR)
    return offsets
