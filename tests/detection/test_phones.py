"""Phone numbers, validated by libphonenumber for US, GB, DE, FR and CH."""

from __future__ import annotations

import pytest
from phonenumbers import Leniency, PhoneNumberMatcher

from pactum.detection.phones import DEFAULT_REGIONS, _matches
from tests.detection.samples import found, types_in


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Call me on +49 30 12345678 tomorrow.", "+49 30 12345678"),
        ("Bitte rufen Sie 030 1234567 an.", "030 1234567"),
        ("Mobil: 0171 1234567", "0171 1234567"),
        ("Appelez le 01 42 68 53 00 svp", "01 42 68 53 00"),
        ("Tél. +33 1 42 68 53 00", "+33 1 42 68 53 00"),
        ("Ring 020 7946 0958 or not", "020 7946 0958"),
        ("UK office +44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("Zürich: 044 668 18 00", "044 668 18 00"),
        ("Phone (415) 555-2671 ext. 12", "(415) 555-2671 ext. 12"),
        ("US desk 212-456-7890 anytime", "212-456-7890"),
    ],
)
def test_phone_numbers_in_international_and_national_formats_are_found(
    text: str, number: str
) -> None:
    assert ("PHONE", number) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Call 555-0100 now",  # too short for any configured region
        "Call (555) 234-5678",  # 555 is not an assigned US area code
        "Bitte 30 1234567 anrufen",  # a German national number needs its trunk prefix
        "Number 1234567890123",
    ],
)
def test_numbers_that_libphonenumber_rejects_are_not_phones(text: str) -> None:
    assert "PHONE" not in types_in(text)


def test_a_run_of_two_numbers_is_split_by_the_matcher() -> None:
    text = "Tel 0171 1234567 / 030 1234567 bitte"
    assert [v for k, v in found(text) if k == "PHONE"] == ["0171 1234567", "030 1234567"]


@pytest.mark.parametrize(
    "window",
    [
        "+49 30 12345678",
        "030 1234567",
        "0171 1234567",
        "01 42 68 53 00",
        "+33 (0)3 39 54 12 24",
        "020 7946 0958",
        "(0131) 4960412",
        "+44(0)141 4960258",
        "044 668 18 00",
        "212-456-7890",
        "366.425.8517",
        "2024000123",
        "08128 657070",
        "0049 30 12345678",
    ],
)
def test_the_whole_run_check_agrees_with_phone_number_matcher(window: str) -> None:
    # Short runs skip the matcher; for a run that is one number both must say the same.
    expected = any(
        (m.start, m.end) == (0, len(window))
        for region in DEFAULT_REGIONS
        for m in PhoneNumberMatcher(window, region, Leniency.VALID)
    )
    assert (_matches(window, DEFAULT_REGIONS) == ((0, len(window)),)) == expected
