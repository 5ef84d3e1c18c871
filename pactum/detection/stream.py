"""Scanning a long text in bounded windows, so a 100 MB file never sits in memory at once."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pactum.detection.detector import Detector
from pactum.detection.findings import Finding

WINDOW = 1 << 20  # characters detected in one go
# Context read on both sides of a window: longer than any span or cue window the rules use
# (URLs stop at 2,000 characters), so a finding near a cut is found whole, and found once.
MARGIN = 4096
READ_SIZE = 1 << 16


@dataclass(frozen=True)
class Segment:
    """A piece of the stream, in order, and the findings that start in it (absolute offsets).

    Segments partition the stream: joined, they are the whole text; a finding never straddles two.
    """

    start: int
    text: str
    findings: list[Finding]


def decoded_chunks(source: BinaryIO, size: int = READ_SIZE) -> Iterator[str]:
    """UTF-8 text from a binary stream, like `decode_text`: bad bytes replaced, NULs removed."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while block := source.read(size):
        yield decoder.decode(block).replace("\x00", "")
    yield decoder.decode(b"", final=True).replace("\x00", "")


def scan_segments(
    chunks: Iterable[str], detector: Detector, *, window: int = WINDOW, margin: int = MARGIN
) -> Iterator[Segment]:
    buffer = ""  # text from `buffer_start`; what precedes `segment_start` is context only
    buffer_start = segment_start = 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) - (segment_start - buffer_start) >= window + margin:
            segment = _segment(buffer, buffer_start, segment_start, detector, (window, margin))
            yield segment
            segment_start = segment.start + len(segment.text)
            keep_from = max(0, segment_start - margin - buffer_start)
            buffer, buffer_start = buffer[keep_from:], buffer_start + keep_from
    if segment_start - buffer_start < len(buffer) or segment_start == 0:
        yield _segment(buffer, buffer_start, segment_start, detector, None)


def _segment(
    buffer: str,
    buffer_start: int,
    segment_start: int,
    detector: Detector,
    sizes: tuple[int, int] | None,
) -> Segment:
    """The next segment; `sizes` is (window, margin), or None for the last one (up to the end)."""
    local = segment_start - buffer_start
    if sizes is None:
        cut, seen = len(buffer), buffer
    else:
        cut = _cut(buffer, local, sizes[0])
        seen = buffer[: cut + sizes[1]]
    findings = [f for f in detector.detect(seen) if local <= f.start < cut]
    end = max([cut, *(f.end for f in findings)])
    shifted = [f.shifted(buffer_start) for f in findings]
    return Segment(segment_start, buffer[local:end], shifted)


def _cut(buffer: str, local: int, window: int) -> int:
    """Where this window ends: a blank line, else a line break, else a space, near its end."""
    low, high = local + window // 2, local + window
    for separator in ("\n\n", "\n", " "):
        found = buffer.rfind(separator, low, high)
        if found != -1:
            return found + len(separator)
    return high
