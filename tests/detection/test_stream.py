"""Scanning long text in windows: segments partition the text, findings match a whole scan."""

from __future__ import annotations

import io

from pactum.detection import decoded_chunks, scan_segments
from tests.detection.samples import DETECTOR

BLOCK = (
    "Ticket from Anna Schmidt <anna.schmidt@example.com>, phone +49 30 12345678.\n"
    "Card 4111 1111 1111 1111; IBAN DE89 3704 0044 0532 0130 00; born on 12 March 1985.\n"
    "Ship to Hauptstraße 5, 10115 Berlin. Long filler text without anything personal in it "
)


def test_windows_find_what_one_scan_finds_with_the_same_offsets() -> None:
    text = BLOCK * 60  # about 15,000 characters, cut into windows of 1,000
    chunks = [text[i : i + 777] for i in range(0, len(text), 777)]
    segments = list(scan_segments(chunks, DETECTOR, window=1000, margin=300))
    assert "".join(s.text for s in segments) == text
    windowed = [f for s in segments for f in s.findings]
    whole = DETECTOR.detect(text)
    assert [(f.type, f.start, f.end) for f in windowed] == [(f.type, f.start, f.end) for f in whole]
    for segment in segments:
        for f in segment.findings:
            assert segment.start <= f.start < f.end <= segment.start + len(segment.text)


def test_a_single_long_line_is_cut_at_spaces_or_anywhere() -> None:
    text = ("x" * 3000) + " anna@example.com " + ("y" * 5000)
    segments = list(scan_segments([text], DETECTOR, window=1000, margin=100))
    assert "".join(s.text for s in segments) == text
    (email,) = [f for s in segments for f in s.findings]
    assert text[email.start : email.end] == "anna@example.com"


def test_empty_input_is_one_empty_segment() -> None:
    assert [s.text for s in scan_segments([], DETECTOR)] == [""]


def test_chunks_decode_utf8_split_across_reads_and_drop_nuls() -> None:
    data = "Grüße an Zoë\x00!".encode()
    chunks = list(decoded_chunks(io.BytesIO(data), size=3))
    assert "".join(chunks) == "Grüße an Zoë!"
