"""Telephone numbers as source systems store them: E.164 in one table, "(512) 555-0142" in the next."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import IntEnum

from pactum.demo.countries import PhonePlan


class Style(IntEnum):
    E164 = 0  # +15125550142
    INTERNATIONAL = 1  # +1 512-555-0142, +49 30 12345678
    NATIONAL = 2  # (512) 555-0142, 030 12345678
    DASHED = 3  # 512-555-0142, 030-12345678
    DOTTED = 4  # 512.555.0142, 01.42.68.53.00


# How often each style turns up in a typical CRM or ERP export: mostly national, a third E.164.
_STYLE_WEIGHTS = (30, 18, 32, 12, 8)
_STYLES = tuple(Style)


@dataclass(frozen=True, slots=True)
class Phone:
    plan: PhonePlan
    area: str
    subscriber: str

    @property
    def e164(self) -> str:
        return f"+{self.plan.calling_code}{self.area}{self.subscriber}"

    def written(self, style: Style) -> str:
        plan = self.plan
        nanp = plan.calling_code == "1"  # the North American plan writes (512) 555-0142
        grouped = _group(self.subscriber, plan.groups)
        if style is Style.E164:
            return self.e164
        if style is Style.INTERNATIONAL:
            if nanp:
                return f"+1 {self.area}-{grouped.replace(' ', '-')}"
            return f"+{plan.calling_code} {self.area} {grouped}"
        area = f"{plan.trunk}{self.area}"
        if style is Style.NATIONAL:
            return f"({self.area}) {grouped.replace(' ', '-')}" if nanp else f"{area} {grouped}"
        if style is Style.DASHED:
            return f"{area}-{grouped.replace(' ', '-' if nanp else '')}"
        return f"{area}.{grouped.replace(' ', '.')}"


def make_phone(plan: PhonePlan, number: int, rng: random.Random, *, mobile: bool = False) -> Phone:
    """A number whose subscriber part is distinct for every `number` below 10**(length-1);
    a person's mobile and direct line differ."""
    area, length = rng.choice(plan.mobiles if mobile and plan.mobiles else plan.areas)
    # Subscriber numbers never start with 0 or 1 (those dial trunk or service codes).
    heads = dict(plan.leading).get(area, "23456789")
    head = heads[int(rng.random() * len(heads))]
    salt = 4_271 if mobile else 1_234_567
    tail = str((number * 7_919 + salt) % 10 ** (length - 1)).zfill(length - 1)
    return Phone(plan, area, head + tail)


def pick_style(rng: random.Random) -> Style:
    return rng.choices(_STYLES, _STYLE_WEIGHTS)[0]


def _group(digits: str, groups: tuple[int, ...]) -> str:
    if not groups:
        return digits
    if sum(groups) != len(digits):
        if len(digits) <= 6:
            return digits
        groups = (len(digits) - 4, 4)
    parts: list[str] = []
    start = 0
    for size in groups:
        parts.append(digits[start : start + size])
        start += size
    return " ".join(parts)
