"""Durations as people write them in a policy: "1 month", "45 days", "10 business days", "72 hours"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


_UNIT_WORDS = {
    "hour": Unit.HOURS,
    "day": Unit.DAYS,
    "calendar day": Unit.DAYS,
    "business day": Unit.BUSINESS_DAYS,
    "working day": Unit.BUSINESS_DAYS,
    "week": Unit.WEEKS,
    "month": Unit.MONTHS,
    "calendar month": Unit.MONTHS,
    "year": Unit.YEARS,
}
_PATTERN = re.compile(r"^\s*(\d{1,5})\s+([a-z ]+?)s?\s*$")
_EXAMPLE = '"30 days", "10 business days", "1 month", "72 hours", "2 years"'


@dataclass(frozen=True, order=True)
class Duration:
    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _PATTERN.match(text.lower())
        unit = _UNIT_WORDS.get(match.group(2).strip()) if match else None
        if match is None or unit is None:
            raise ValueError(f"{text!r} is not a duration; write it like {_EXAMPLE}")
        return cls(int(match.group(1)), unit)

    def approximate_days(self) -> float:
        """For comparing durations of different units (longer retention?), never for deadlines."""
        per_unit = {
            Unit.HOURS: 1 / 24,
            Unit.DAYS: 1,
            Unit.BUSINESS_DAYS: 7 / 5,
            Unit.WEEKS: 7,
            Unit.MONTHS: 30.44,
            Unit.YEARS: 365.25,
        }
        return self.amount * per_unit[self.unit]

    def __str__(self) -> str:
        word = self.unit.value
        return f"{self.amount} {word[:-1] if self.amount == 1 else word}"


def _coerce(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a duration must be text; write it like {_EXAMPLE}")
    return Duration.parse(value)


DurationField = Annotated[
    Duration,
    BeforeValidator(_coerce),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\d{1,5}\s+(hour|day|calendar day|business day|working day|week|month|calendar month|year)s?\s*$",
            "examples": ["30 days", "10 business days", "1 month"],
        }
    ),
]
