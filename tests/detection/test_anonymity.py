"""Generalization for aggregates, and the k-anonymity check that refuses small groups."""

from __future__ import annotations

import datetime as dt

import pytest

from pactum.detection import (
    age_band,
    age_on,
    check_k_anonymity,
    month_of,
    truncate_postcode,
    year_of,
)
from pactum.errors import Invalid


def test_dates_generalize_to_month_and_year() -> None:
    assert month_of(dt.date(1985, 3, 12)) == "1985-03"
    assert month_of("1985-03-12T10:00:00") == "1985-03"
    assert year_of("1985-03-12") == "1985"
    with pytest.raises(Invalid, match="ISO date"):
        month_of("12.03.1985")


def test_postcodes_are_truncated_to_their_area() -> None:
    assert truncate_postcode("10115") == "10"
    assert truncate_postcode("75002", keep=3) == "750"
    assert truncate_postcode("sw1a 1aa") == "SW1A"


def test_ages_fall_into_bands() -> None:
    assert age_on(dt.date(1985, 3, 12), dt.date(2024, 3, 11)) == 38
    assert age_on(dt.date(1985, 3, 12), dt.date(2024, 3, 12)) == 39
    assert age_band(37) == "30-39"
    assert age_band(37, width=5) == "35-39"
    assert age_band(93) == "90+"


ROWS = [
    {"postcode": "10", "age": "30-39", "spend": 10},
    {"postcode": "10", "age": "30-39", "spend": 12},
    {"postcode": "10", "age": "30-39", "spend": 7},
    {"postcode": "75", "age": "40-49", "spend": 3},
    {"postcode": "75", "age": "40-49", "spend": 9},
]


def test_k_anonymity_holds_when_every_group_is_large_enough() -> None:
    report = check_k_anonymity(ROWS, ["postcode", "age"], k=2)
    assert (report.rows, report.groups, report.smallest_group) == (5, 2, 2)


def test_k_anonymity_refusal_names_the_smallest_group_and_its_size() -> None:
    with pytest.raises(Invalid) as refused:
        check_k_anonymity(ROWS, ["postcode", "age"], k=3)
    assert "postcode=75, age=40-49 has 2 row(s)" in str(refused.value)
    assert refused.value.fix


def test_k_anonymity_refuses_rows_without_a_quasi_identifier() -> None:
    with pytest.raises(Invalid, match="row 2 has no age"):
        check_k_anonymity([{"age": 1}, {"postcode": "10"}], ["age"], k=1)


def test_k_anonymity_needs_a_positive_k_and_identifiers() -> None:
    with pytest.raises(Invalid):
        check_k_anonymity(ROWS, [], k=2)
    with pytest.raises(Invalid):
        check_k_anonymity(ROWS, ["age"], k=0)
    assert check_k_anonymity([], ["age"], k=5).groups == 0
