"""What the detection tests share: a detector and a way to read its findings as (type, text)."""

from __future__ import annotations

from pactum.detection import Detector, Finding

DETECTOR = Detector()


def found(text: str, detector: Detector = DETECTOR) -> list[tuple[str, str]]:
    """Findings as (type, matched text), in text order."""
    return [(f.type.value, text[f.start : f.end]) for f in detector.detect(text)]


def types_in(text: str) -> set[str]:
    return {kind for kind, _ in found(text)}


def spans(findings: list[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings]
