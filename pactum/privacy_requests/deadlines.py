"""The calendar engine: due dates from a policy's periods, with real calendar rules and a reason."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pactum.business_days import HolidayCalendar, add_business_days
from pactum.policy.duration import Duration, Unit

_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class DueDate:
    """The last moment to act (UTC) and how it was computed, in words a person can check."""

    at: datetime
    explanation: str


def due_date(received: datetime, period: Duration, days: HolidayCalendar) -> DueDate:
    """When a period that starts at `received` ends."""
    end, how = _end_of(received, period, days)
    return DueDate(end, f"received {_moment(received, period)}; {how} → {_moment(end, period)}")


def extended_due_date(
    received: datetime, period: Duration, by: Duration, days: HolidayCalendar
) -> DueDate:
    """The due date after an extension of `by`, counted as one period from receipt when it can be.

    "One month, extended by two further months" is three months from receipt (GDPR art. 12(3)):
    31 Jan + 3 months = 30 Apr, where chaining (31 Jan → 28 Feb → 28 Apr) would lose two days.
    """
    if period.unit == by.unit:
        total = Duration(period.amount + by.amount, period.unit)
        end, how = _end_of(received, total, days)
        how = f"{period} + an extension of {by} = {how}"
    else:
        first, _ = _end_of(received, period, days)
        end, rest = _end_of(first, by, days)
        how = f"{period} to {_moment(first, period)}, then an extension of {rest}"
    return DueDate(end, f"received {_moment(received, period)}; {how} → {_moment(end, period)}")


def _end_of(start: datetime, period: Duration, days: HolidayCalendar) -> tuple[datetime, str]:
    start = start.astimezone(UTC)
    if period.unit is Unit.HOURS:
        return start + timedelta(hours=period.amount), str(period)
    first = start.date()
    if period.unit is Unit.BUSINESS_DAYS:
        last, skipped = add_business_days(first, period.amount, days)
        return _end_of_day(last), _business_days_text(period, skipped, days)
    if period.unit is Unit.DAYS:
        return _end_of_day(first + timedelta(days=period.amount)), _calendar_days_text(period)
    if period.unit is Unit.WEEKS:
        return _end_of_day(first + timedelta(weeks=period.amount)), str(period)
    months = period.amount * (12 if period.unit is Unit.YEARS else 1)
    last, clipped = add_months(first, months)
    note = f" (no {first.day} {last:%B}: the last day of the month)" if clipped else ""
    return _end_of_day(last), f"{period}{note}"


def add_months(day: date, months: int) -> tuple[date, bool]:
    """Reg. 1182/71 art. 3(2)(c): the same date in the last month, or that month's last day.

    Returns the date and whether it was moved back to the last day of the month.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day)), day.day > last_day


def _business_days_text(
    period: Duration, skipped: list[tuple[date, str]], days: HolidayCalendar
) -> str:
    if not skipped:
        where = f" and {days.code} holidays" if days.code else ""
        return f"{period}, skipping weekends{where}"
    listed = ", ".join(f"{_day(d)} {name}" for d, name in skipped)
    plural = "s" if len(skipped) > 1 else ""
    return f"{period}, skipping weekends and {len(skipped)} public holiday{plural} of {days.code} ({listed})"


def _calendar_days_text(period: Duration) -> str:
    return f"{period.amount} calendar day{'s' if period.amount != 1 else ''}"


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, _END_OF_DAY, tzinfo=UTC)


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _moment(moment: datetime, period: Duration) -> str:
    moment = moment.astimezone(UTC)
    if period.unit is Unit.HOURS:
        return f"{_day(moment.date())} {moment:%H:%M} UTC"
    return _day(moment.date())
