"""The detector's shortcuts give the answers of the slower code they stand in for."""

from __future__ import annotations

import ipaddress
import itertools
import re
from urllib.parse import parse_qsl, unquote

import phonenumbers
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pactum.detection.addresses import (
    _GERMAN_STREET,
    _UK_POSTCODE,
    GERMAN_STREET_TAG,
    _german_street_numbers,
    _uk_postcodes,
)
from pactum.detection.context import DIGIT_RUN, code_starts, digit_runs
from pactum.detection.detector import (
    _capital_scan,
    _name_index,
    _phrase_index,
    _uncovered,
    lower_case,
)
from pactum.detection.identifiers import (
    _IBAN,
    IBAN_SCORE,
    _cards,
    _iban_end,
    _ssns,
    find_ibans,
    find_numbers,
)
from pactum.detection.network import (
    _EMAIL_IN_URL,
    _IPV6_LIKELY,
    _NOT_A_PROFILE,
    IDENTITY_PARAMS,
    PROFILE_HOSTS,
    PROFILE_SEGMENTS,
    _identity_parameter,
    _ipv4_address,
    _ipv6,
    personal_url_reason,
)
from pactum.detection.phones import DEFAULT_REGIONS, _is_valid
from pactum.detection.validity import IBAN_LENGTHS, is_iban
from pactum.detection.vocabulary import GERMAN_STREET_ENDINGS
from tests.detection.samples import found

CHECKED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The digit run as first written: greedy repeats, which backtrack.
GREEDY_DIGIT_RUN = re.compile(r"\d(?:[ \-./()]{0,3}\d){6,}")

digits_and_separators = st.text(alphabet="0123456789 -./()x٣", max_size=80)
codes = st.text(alphabet="ABDEGLNSWX0123456789 -", max_size=80)


@CHECKED
@given(digits_and_separators)
@example("2024-03-01 12:30 and 030 1234567 and 1 - - 2 3 4 5 6 7")
def test_the_possessive_digit_run_matches_what_the_greedy_one_matched(text: str) -> None:
    expected = [m.span() for m in GREEDY_DIGIT_RUN.finditer(text)]
    assert [m.span() for m in DIGIT_RUN.finditer(text)] == expected


@CHECKED
@given(codes)
@example("SW1A 1AA, EC1A 1BB and ASW1A 1AA")
def test_uk_postcodes_tried_at_code_starts_are_the_ones_finditer_finds(text: str) -> None:
    expected = [m.span() for m in _UK_POSTCODE.finditer(text)]
    assert [m.span() for m in _uk_postcodes(text, code_starts(text))] == expected


def _ibans_by_finditer(text: str) -> list[tuple[int, int]]:
    """`find_ibans` as first written: the pattern scanned over the whole text."""
    spans = []
    for match in _IBAN.finditer(text):
        start = match.start()
        expected = IBAN_LENGTHS.get(text[start : start + 2])
        if expected is None:
            continue
        end = _iban_end(text, start, match.end(), expected)
        if end and is_iban(text[start:end].replace(" ", "")):
            spans.append((start, end))
    return spans


valid_ibans = st.sampled_from(
    ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606"]
)


@CHECKED
@given(st.lists(st.one_of(codes, valid_ibans), max_size=6).map(" ".join))
def test_ibans_tried_at_code_starts_are_the_ones_finditer_finds(text: str) -> None:
    found_spans = [(f.start, f.end) for f in find_ibans(text)]
    assert found_spans == _ibans_by_finditer(text)
    assert all(f.score == IBAN_SCORE for f in find_ibans(text))


@CHECKED
@given(
    st.lists(st.sampled_from(["4111 1111 1111 1111", "078-05-1120", "123-45-6789"])).flatmap(
        lambda numbers: st.just(" ssn ".join(numbers)) | digits_and_separators
    )
)
def test_the_digit_count_gates_keep_every_card_and_ssn(text: str) -> None:
    runs = list(digit_runs(text))
    ungated = []
    for start, end in runs:
        ungated += [*_cards(text, text[start:end], start), *_ssns(text, text[start:end], start)]
    assert list(find_numbers(text, runs)) == ungated


spans = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda s: (s[0], s[0] + s[1]))


@CHECKED
@given(st.lists(spans).map(sorted), st.lists(spans).map(sorted))
def test_uncovered_runs_are_those_no_taken_span_contains(
    runs: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> None:
    expected = [r for r in runs if not any(s <= r[0] and r[1] <= e for s, e in taken)]
    assert _uncovered(runs, taken) == expected


phone_windows = st.text(alphabet="0123456789 +-()", min_size=5, max_size=20)


@CHECKED
@given(phone_windows, st.sampled_from([*DEFAULT_REGIONS, "CA", "JE"]))
@example("(604) 555-0123", "US")  # Canada: valid on +1, not for the US
@example("01534 456789", "GB")  # Jersey: on +44, not Great Britain
@example("+44 20 7946 0958", "US")
def test_the_validity_shortcut_agrees_with_is_valid_number(window: str, region: str) -> None:
    try:
        number = phonenumbers.parse(window, region)
    except phonenumbers.NumberParseException:
        return
    assert _is_valid(number) == phonenumbers.is_valid_number(number)


def test_a_number_that_recurs_in_a_text_is_found_every_time() -> None:
    text = "Tel. 030 1234567\n--\nTel. 030 1234567, or 030 1234567 x12"
    assert found(text) == [
        ("PHONE", "030 1234567"),
        ("PHONE", "030 1234567"),
        ("PHONE", "030 1234567 x12"),
    ]


octet = st.one_of(st.integers(0, 300).map(str), st.sampled_from(["00", "01", "007", "٣", "²"]))


@CHECKED
@given(st.lists(octet, min_size=4, max_size=4).map(".".join))
def test_ipv4_reading_agrees_with_ipaddress(dotted: str) -> None:
    try:
        expected: ipaddress.IPv4Address | None = ipaddress.IPv4Address(dotted)
    except ValueError:
        expected = None
    assert _ipv4_address(dotted) == expected


query_parts = st.sampled_from(["email", "Uid", "user", "q", "=", "&", "a", "%40", "+", "x=1", ""])


@CHECKED
@given(st.lists(query_parts, max_size=8).map("".join))
@example("q=1&&email=&uid=7")
@example("%65mail=anna")
@example("e+mail=anna&USER=bo")
def test_the_query_shortcut_reads_the_pairs_parse_qsl_reads(query: str) -> None:
    expected = next(
        (n.lower() for n, v in parse_qsl(query) if n.lower() in IDENTITY_PARAMS and v), ""
    )
    assert _identity_parameter(query) == expected


def test_a_phone_number_inside_an_iban_is_not_reported() -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00, Tel. 030 1234567"
    assert found(text) == [("IBAN", "DE89 3704 0044 0532 0130 00"), ("PHONE", "030 1234567")]


@CHECKED
@given(st.text(alphabet="0123456789abcdefx: .", max_size=60))
@example("at 12:30:45 from fe80::1ff:fe23:4567:890a")
@example("MAC 00:1A:2B:3C:4D:5E")
def test_texts_passed_over_for_ipv6_hold_no_address_the_scan_would_find(text: str) -> None:
    if not _IPV6_LIKELY.search(text):
        assert list(_ipv6(text)) == []


name_texts = st.lists(
    st.sampled_from(
        [
            "Anna",
            "Maria",
            "Anna-Maria",
            "McDonald",
            "Donald",
            "O'Brien",
            "O’Brien",
            "D.",
            "Klaus-D.",
            "SW1A",
            "1AA",
            "DE89",
            "GB82WEST12",
            "ANNA",
            "x",
            "-",
            "'",
            ".",
            " ",
            "\n",
            "7",
            "É",
            "A",
            "Q",
            "1",
            "Émile",
        ]
    ),
    max_size=12,
).map("".join)


@CHECKED
@given(name_texts)
@example("xAnna-Maria Schmidt, McDonald's, D.Smith, SW1A 1AA and DE89 3704 0044 0532 0130 00")
def test_one_capital_scan_finds_the_names_and_code_starts_of_the_two_scans(text: str) -> None:
    assert _capital_scan().scan(text) == (_name_index().scan(text), code_starts(text))


# The German street number as first written: the first digit looked ahead at.
LOOKAHEAD_GERMAN_STREET = re.compile(
    r" (?=\d)(?:"
    + "|".join(f"(?<={re.escape(ending)} )" for ending in GERMAN_STREET_ENDINGS)
    + r")\d{1,4}[a-z]?(?:[-/]\d{1,4}[a-z]?)?(?![\w/-])"
)
german_texts = st.lists(
    st.sampled_from(["straße", "str.", "weg", "ring", " ", "5", "12345", "a", "-", "/", "x", "\n"]),
    max_size=12,
).map("".join)


@CHECKED
@given(german_texts)
@example("hauptstraße 5, am ring 12a-14b, waldweg 7/1 und str. 12345")
def test_the_german_street_number_read_first_matches_the_lookahead(text: str) -> None:
    expected = [m.span() for m in LOOKAHEAD_GERMAN_STREET.finditer(text)]
    assert [m.span() for m in _GERMAN_STREET.finditer(text)] == expected


@CHECKED
@given(st.lists(st.sampled_from(["straße", "str.", "weg", "ring", "bring", " ", "5", "12", "٣",
                                 "a", "-", "/", "x", "\n", "’"]), max_size=12).map("".join))  # fmt: skip
@example("hauptstraße 5, am ring 12a-14b, waldweg 7/1, bring 2 und str. ٣")
def test_german_street_numbers_tried_at_the_marks_are_the_ones_finditer_finds(text: str) -> None:
    lowered = lower_case(text)
    marks = [hit for hit in _phrase_index().scan(lowered) if hit.tag == GERMAN_STREET_TAG]
    expected = [m.span() for m in _GERMAN_STREET.finditer(lowered)]
    assert [m.span() for m in _german_street_numbers(lowered, marks)] == expected
    assert [m.span() for m in _german_street_numbers(lowered, None)] == expected


def _url_reason_before(url: str) -> str:
    """`network.personal_url_reason` before decision 0074: the host read before the path."""
    rest = url.split("://", 1)[-1]
    location, _, query = rest.partition("?")
    host, _, path = location.partition("/")
    if ("@" in rest or "%40" in rest) and _EMAIL_IN_URL.search(unquote(rest)):
        return "url with email"
    if query and (name := _identity_parameter(query.partition("#")[0])):
        return f"url with identity parameter {name}"
    segments = [s for s in path.partition("#")[0].split("/") if s]
    host = host.rpartition("@")[2].partition(":")[0].lower()
    if segments and (
        any(
            first.lower() in PROFILE_SEGMENTS and second.lower() not in _NOT_A_PROFILE
            for first, second in itertools.pairwise(segments)
        )
        or (segments[0][:1] in ("~", "@") and len(segments[0]) > 1)
        or (
            host.removeprefix("www.") in PROFILE_HOSTS
            and len(segments) == 1
            and segments[0].lower() not in _NOT_A_PROFILE
        )
    ):
        return "url with profile path"
    return ""


url_parts = st.sampled_from(
    ["https://", "www.", "LinkedIn.com", "github.com", "a@b.de", "user:pw@", ":8080", "/", "//",
     "in", "users", "help", "anna", "~anna", "@anna", "?", "email=a", "&", "#", "x", "%40", "."]
)  # fmt: skip


@CHECKED
@given(st.lists(url_parts, max_size=10).map("".join))
@example("https://www.linkedin.com/in/anna")
@example("https://user@GitHub.com:443/anna#x")
def test_the_url_reason_reads_the_host_only_when_it_matters(url: str) -> None:
    assert personal_url_reason(url) == _url_reason_before(url)
