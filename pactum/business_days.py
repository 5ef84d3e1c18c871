"""Business days: weekends and a place's public holidays, and counting days past them.

Shared by the deadlines of privacy requests and the legal windows of consent propagation, so
both count "10 business days" the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from pactum.errors import Invalid


@dataclass(frozen=True)
class HolidayCalendar:
    """Weekends and, when a code is given ("US-CA", "DE", "DE-BE"), that place's public holidays."""

    code: str | None = None

    def holiday_name(self, day: date) -> str | None:
        if self.code is None:
            return None
        name: str | None = _holidays(self.code).get(day)
        return name

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None


@cache
def _holidays(code: str) -> holidays.HolidayBase:
    country, _, subdivision = code.partition("-")
    try:
        return holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as exc:
        raise Invalid(
            f"{code!r} is not a holiday calendar Pactum knows",
            where="jurisdictions[].holidays",
            fix="use a country code with an optional subdivision, e.g. US-CA, DE, DE-BE",
        ) from exc


def holiday_calendar(code: str | None) -> HolidayCalendar:
    """A calendar for a policy's `holidays` field; an unknown code is refused at once."""
    if code is not None:
        _holidays(code)
    return HolidayCalendar(code)


def add_business_days(
    first: date, count: int, days: HolidayCalendar
) -> tuple[date, list[tuple[date, str]]]:
    """The `count`th business day after `first`, and the public holidays skipped on the way.

    The first day itself is not counted (Reg. 1182/71 art. 3(1); 11 CCR 7001 likewise).
    """
    day, counted, skipped = first, 0, []
    while counted < count:
        day += timedelta(days=1)
        holiday = days.holiday_name(day)
        if day.weekday() >= 5:
            continue
        if holiday is not None:
            skipped.append((day, holiday))
            continue
        counted += 1
    return day, skipped
