"""Many texts scanned as one give each text exactly the findings it gets alone."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pactum.detection import Detector, detect, detect_many
from pactum.detection.batch import REACH, SEPARATOR, groups, joins_safely
from tests.detection.samples import DETECTOR

CHECKED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that mean something to a rule, and pieces that would change a neighbour's findings if
# context leaked across texts: a reference word before a number, a cue before a name, a street
# before a locality, a birth word before a date, a health term after "diagnosed with".
PIECES = [
    "Anna Schmidt",
    "Anna",
    "Schmidt",
    "Sch",
    "Dr.",
    "Herr",
    "Regards,",
    "Hi",
    "von",
    "Mona Fliegner",
    "+49 30 12345678",
    "030 1234567",
    "(555) 123-4567",
    "4111 1111 1111 1111",
    "078-05-1120",
    "123456789",
    "ssn",
    "order",
    "Rechnung Nr.",
    "phone",
    "tel:",
    "DE89 3704 0044 0532 0130 00",
    "GB82 WEST 1234 5698 7654 32",
    "anna@example.com",
    "@example.com",
    "https://example.com/users/anna",
    "www.example.com/profile/anna?email=a@b.de",
    "192.168.1.20",
    "2001:db8::1",
    "version",
    "Hauptstraße 5",
    "straße",
    "10115 Berlin",
    "221B Baker Street",
    "London",
    "SW1A 1AA",
    "Springfield, IL 62704",
    "12 rue de la Paix",
    "born on",
    "12 March 1985",
    "12.03.1985",
    "geboren",
    "diagnosed with",
    "diabetes",
    "my",
    "Catholic",
    "AIDS",
    "union member",
    "the",
    "1234567",
    "99",
    "x",
    ".",
    ",",
    "-",
    "#",
    "İ",
    "Σ",
    "\x00",
    "\n",
    SEPARATOR,
    "\n" + "\x00" * 50,
    "X" + "a" * 53,
]
GLUE = st.sampled_from([" ", "", "\n", ", ", ". ", "\n\n", "-", ":"])
PIECE = st.one_of(st.sampled_from(PIECES), st.text(max_size=12))


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(PIECE, max_size=8))
    return "".join(piece + draw(GLUE) for piece in pieces)[: draw(st.integers(0, 400))]


@CHECKED
@given(st.lists(texts(), max_size=8))
@example(["Please quote order", "+49 30 12345678"])
@example(["Regards,", "Anna Schmidt"])
@example(["Hauptstraße 5", "10115 Berlin"])
@example(["I was born on", "12 March 1985"])
@example(["I was diagnosed with", "diabetes"])
@example(["Anna", "Schmidt wrote"])
@example(["call 030 1234", "567"])
@example(["order #", "4111 1111 1111 1111"])  # a reference word right at the window's far end
@example(["", "", "anna@example.com", ""])
@example(["X" + "a" * 53 + "straße 5", "x" * 40 + " Anna Schmidt"])
def test_texts_scanned_together_get_the_findings_each_gets_alone(batch: list[str]) -> None:
    assert DETECTOR.detect_many(batch) == [DETECTOR.detect(text) for text in batch]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts(), max_size=6), st.floats(0.0, 1.0))
def test_a_detector_with_other_settings_also_scans_together_as_alone(
    batch: list[str], min_score: float
) -> None:
    detector = Detector(min_score=min_score, types={"PERSON", "ADDRESS", "PHONE"}, keep_text=True)
    assert detector.detect_many(batch) == [detector.detect(text) for text in batch]
    for text, findings in zip(batch, detector.detect_many(batch), strict=True):
        assert all(f.text == text[f.start : f.end] for f in findings)


def test_a_text_whose_first_word_fills_the_look_back_is_scanned_alone() -> None:
    # A street word ending a 60-character word at the start: alone, the look-back for the word's
    # start reaches offset 0 and takes it; joined, the same reach ends at the text's first
    # character and finds no boundary. So such a text is never joined.
    street = "X" + "a" * 53 + "straße 5 is the address"
    assert not joins_safely(street)
    alone = detect(street)
    assert alone and alone[0].start == 0
    assert DETECTOR._joined(["hello there", street])[1] != alone  # why it is kept apart
    assert detect_many(["hello there", street]) == [[], alone]


def test_texts_are_joined_in_groups_of_bounded_size_in_order() -> None:
    batch = ["a " * 150, "x" * 50, "b b", "c c", "d d"]  # the second is scanned alone
    assert list(groups(batch, size=300 + 3 + 2 * len(SEPARATOR))) == [[0, 2], [3, 4]]
    assert REACH > 40  # the widest window that reads across a line break: `words_before`


def test_no_finding_spans_two_texts_and_offsets_are_each_texts_own() -> None:
    batch = ["Mail anna@example.com", "", "Anna Schmidt, +49 30 12345678", "call"]
    found = zip(batch, detect_many(batch), strict=True)
    assert [[text[f.start : f.end] for f in findings] for text, findings in found] == [
        ["anna@example.com"],
        [],
        ["Anna Schmidt", "+49 30 12345678"],
        [],
    ]


def test_no_texts_give_no_findings() -> None:
    assert detect_many([]) == []
    assert detect_many(iter(["Anna Schmidt"])) == [detect("Anna Schmidt")]
