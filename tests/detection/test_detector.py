"""The detector as a whole: overlaps, filters, text handling, pathological input, properties."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactum.detection import Detector, Finding, FindingType, decode_text, detect, resolve_overlaps
from tests.detection.samples import DETECTOR, found


def finding(kind: FindingType, start: int, end: int, score: float) -> Finding:
    return Finding(kind, start, end, score, "test")


def test_the_higher_score_wins_an_overlap() -> None:
    low = finding(FindingType.PERSON, 0, 10, 0.6)
    high = finding(FindingType.ADDRESS, 5, 20, 0.9)
    assert resolve_overlaps([low, high]) == [high]


def test_the_longer_span_wins_an_overlap_of_equal_scores() -> None:
    short = finding(FindingType.EMAIL, 4, 10, 0.9)
    long = finding(FindingType.URL, 0, 30, 0.9)
    assert resolve_overlaps([short, long]) == [long]


def test_overlap_resolution_does_not_depend_on_input_order() -> None:
    findings = [
        finding(FindingType.PERSON, 0, 10, 0.7),
        finding(FindingType.EMAIL, 8, 20, 0.7),
        finding(FindingType.PHONE, 19, 25, 0.9),
        finding(FindingType.URL, 30, 40, 0.5),
    ]
    assert resolve_overlaps(findings) == resolve_overlaps(reversed(findings))
    assert [f.type for f in resolve_overlaps(findings)] == [
        FindingType.PERSON,
        FindingType.PHONE,
        FindingType.URL,
    ]


def test_touching_spans_do_not_overlap() -> None:
    first = finding(FindingType.PERSON, 0, 5, 0.9)
    second = finding(FindingType.EMAIL, 5, 9, 0.9)
    assert resolve_overlaps([second, first]) == [first, second]


def test_findings_do_not_keep_the_text_unless_asked() -> None:
    text = "mail anna@example.com"
    (plain,) = DETECTOR.detect(text)
    assert plain.text is None
    assert "anna" not in repr(plain)
    (kept,) = Detector(keep_text=True).detect(text)
    assert kept.text == "anna@example.com"


def test_a_detector_reports_only_the_types_asked_for() -> None:
    text = "Anna Schmidt, anna@example.com, +49 30 12345678"
    only_email = Detector(types=["EMAIL"]).detect(text)
    assert [f.type for f in only_email] == [FindingType.EMAIL]


def test_the_minimum_score_filters_weak_findings() -> None:
    text = "We sponsor cancer research."  # a strong term with no person: 0.45
    assert not Detector(types=["HEALTH"]).detect(text)
    assert Detector(types=["HEALTH"], min_score=0.4).detect(text)


def test_detect_uses_a_default_detector() -> None:
    assert [f.type for f in detect("anna@example.com")] == [FindingType.EMAIL]


def test_offsets_index_into_text_with_characters_that_grow_when_lower_cased() -> None:
    text = "İİİ Straße: mail anna@example.com"
    (email,) = DETECTOR.detect(text)
    assert text[email.start : email.end] == "anna@example.com"


def test_decode_text_replaces_bad_bytes_and_removes_nuls() -> None:
    data = b"mail anna@example.com\x00 \xff\xfe done"
    text = decode_text(data)
    assert "\x00" not in text
    assert "\ufffd" in text
    assert found(text)[0] == ("EMAIL", "anna@example.com")


PATHOLOGICAL = {
    "digits": "1" * 1_000_000,
    "dots": "." * 1_000_000,
    "spaces": " " * 1_000_000,
    "at-signs": "a@" * 500_000,
    "digits-and-dots": "1." * 500_000,
    "digits-and-spaces": "1 " * 500_000,
    "colons": "a:" * 500_000,
    "capitals": "Aa " * 300_000,
    "titles": "Dr. " * 250_000,
    "urls": "http://" * 140_000,
    "at-dots": "@a." * 300_000,
    "birth-words": "born 1 " * 100_000,
    "street-endings": "straße 1 " * 110_000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_input_of_a_megabyte_completes(name: str) -> None:
    started = time.process_time()
    DETECTOR.detect(PATHOLOGICAL[name])
    # A generous guard: it catches exponential backtracking, not a slow machine.
    assert time.process_time() - started < 20


@pytest.mark.parametrize(
    "unit", ["a@", "1.", "1 ", "Anna ", "born 1 ", "a.b@", ":1:", "+1-", "weg 1 "]
)
def test_work_grows_linearly_with_repeated_input(unit: str) -> None:
    small, large = unit * 5_000, unit * 40_000

    def fastest_of_three(text: str) -> float:
        # The least of three runs: a shared machine only ever adds time, and a
        # pause in one run (another process, a page fault) must not read as growth.
        spent = []
        for _ in range(3):
            started = time.process_time()
            DETECTOR.detect(text)
            spent.append(time.process_time() - started)
        return min(spent)

    small_time, large_time = fastest_of_three(small), fastest_of_three(large)
    # Eight times the input: linear work takes about 8x, quadratic 64x.
    assert large_time < 32 * max(small_time, 0.002)


PIECES = [*"aAbB zZ0123456789.,:@-+/()\n", "Anna ", "Schmidt", "@x.de", "born ", "Dr. ", "Str. "]
texts = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_findings_are_within_bounds_ordered_and_never_overlap(text: str) -> None:
    findings = DETECTOR.detect(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert 0 <= f.score <= 1
    for earlier, later in itertools.pairwise(findings):
        assert earlier.end <= later.start
