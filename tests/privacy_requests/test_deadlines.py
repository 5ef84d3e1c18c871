"""The calendar engine: calendar months, business days with public holidays, hours, extensions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pactum.business_days import holiday_calendar
from pactum.errors import Invalid
from pactum.policy.duration import Duration
from pactum.privacy_requests.deadlines import add_months, due_date, extended_due_date

CALIFORNIA = holiday_calendar("US-CA")
GERMANY = holiday_calendar("DE")


def received(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_forty_five_calendar_days_come_with_their_explanation() -> None:
    due = due_date(received(2026, 11, 3, 15), Duration.parse("45 days"), CALIFORNIA)
    assert due.at.date() == date(2026, 12, 18)
    assert due.explanation == "received Tue 3 Nov 2026; 45 calendar days → Fri 18 Dec 2026"


def test_a_month_from_the_31st_of_january_ends_on_the_last_day_of_february() -> None:
    assert add_months(date(2026, 1, 31), 1) == (date(2026, 2, 28), True)
    assert add_months(date(2028, 1, 31), 1) == (date(2028, 2, 29), True)  # a leap year
    assert add_months(date(2026, 1, 15), 1) == (date(2026, 2, 15), False)
    due = due_date(received(2026, 1, 31, 10), Duration.parse("1 month"), GERMANY)
    assert due.at.date() == date(2026, 2, 28)
    assert "no 31 February: the last day of the month" in due.explanation


def test_months_cross_the_year_and_years_are_twelve_months() -> None:
    assert add_months(date(2026, 12, 31), 2) == (date(2027, 2, 28), True)
    assert add_months(date(2024, 2, 29), 12) == (date(2025, 2, 28), True)
    assert add_months(date(2026, 3, 31), -1) == (date(2026, 2, 28), True)


def test_business_days_skip_weekends_and_the_jurisdictions_public_holidays() -> None:
    # Tue 3 Nov 2026 + 10 business days: Veterans Day (Wed 11 Nov) does not count.
    due = due_date(received(2026, 11, 3, 9), Duration.parse("10 business days"), CALIFORNIA)
    assert due.at.date() == date(2026, 11, 18)
    assert "1 public holiday of US-CA (Wed 11 Nov 2026 Veterans Day)" in due.explanation
    without_holidays = due_date(
        received(2026, 11, 3, 9), Duration.parse("10 business days"), holiday_calendar(None)
    )
    assert without_holidays.at.date() == date(2026, 11, 17)


def test_thanksgiving_and_the_day_after_are_skipped_in_california() -> None:
    due = due_date(received(2026, 11, 25, 9), Duration.parse("2 business days"), CALIFORNIA)
    assert due.at.date() == date(2026, 12, 1)


def test_hours_run_from_the_moment_of_receipt() -> None:
    due = due_date(received(2026, 11, 3, 14, 5), Duration.parse("72 hours"), GERMANY)
    assert due.at == received(2026, 11, 6, 14, 5)
    assert due.explanation.endswith("72 hours → Fri 6 Nov 2026 14:05 UTC")


def test_a_day_based_due_date_ends_at_the_end_of_that_day() -> None:
    due = due_date(received(2026, 11, 3, 23, 30), Duration.parse("1 day"), CALIFORNIA)
    assert due.at == datetime(2026, 11, 4, 23, 59, 59, tzinfo=UTC)


def test_an_extension_counts_one_period_from_receipt() -> None:
    # One month + two months from 31 January is three months: 30 April, not 28 April.
    due = extended_due_date(
        received(2026, 1, 31, 9), Duration.parse("1 month"), Duration.parse("2 months"), GERMANY
    )
    assert due.at.date() == date(2026, 4, 30)
    assert "1 month + an extension of 2 months = 3 months" in due.explanation


def test_forty_five_days_extended_by_forty_five_is_ninety_days() -> None:
    due = extended_due_date(
        received(2026, 11, 3), Duration.parse("45 days"), Duration.parse("45 days"), CALIFORNIA
    )
    assert due.at.date() == date(2027, 2, 1)


def test_an_extension_in_another_unit_is_added_after_the_first_period() -> None:
    due = extended_due_date(
        received(2026, 1, 31), Duration.parse("1 month"), Duration.parse("30 days"), GERMANY
    )
    assert due.at.date() == date(2026, 3, 30)


def test_an_unknown_holiday_calendar_is_refused_with_a_fix() -> None:
    with pytest.raises(Invalid) as caught:
        holiday_calendar("XX-YY")
    assert "US-CA" in caught.value.fix
