"""Customer and prospect companies: a unique name and domain for every index, without a lookup table."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactum.demo.countries import BY_CODE, Country
from pactum.demo.emails import WORK_FORMATS, slug
from pactum.demo.phones import Phone, make_phone

_QUALIFIERS = (
    "", "Brothers", "& Sons", "Industrial", "Precision", "Global", "United", "Northern", "Coastal",
    "Allied", "Premier", "Summit", "Pioneer", "Heritage", "Metro", "Valley", "Lakeside", "Atlas",
    "Keystone", "Evergreen", "Midland", "Harbor", "Crown", "Union",
)  # fmt: skip
_INDUSTRIES = (
    "Logistics", "Foods", "Machining", "Plastics", "Electrical Supply", "Building Materials",
    "Auto Parts", "Furniture", "Packaging", "Textiles", "Medical Supply", "Beverages", "Chemicals",
    "Hardware", "Metalworks", "Printing", "Farm Equipment", "Lighting", "Office Supply", "Tools",
    "Electronics", "Coatings", "Bakery", "Dairy", "Seafood", "Marine", "Solar", "HVAC",
    "Plumbing Supply", "Fasteners", "Optics", "Paper", "Glass", "Flooring", "Cosmetics", "Toys",
    "Sporting Goods", "Garden Supply", "Wine & Spirits", "Pumps",
)  # fmt: skip
_EPOCH = datetime(2012, 1, 1)


@dataclass(frozen=True, slots=True)
class Company:
    index: int
    name: str
    surname: str  # the family behind the name; family businesses are run by people of that name
    domain: str
    industry: str
    country: Country
    email_format: int  # index into emails.WORK_FORMATS
    phone: Phone  # the switchboard
    created_at: datetime


class CompanyNames:
    """Index k maps to one (surname, qualifier, industry) triple through an affine permutation,
    so every company has its own name and domain and neighbours do not look alike."""

    def __init__(self, surnames: tuple[tuple[str, str], ...]) -> None:
        self._surnames = surnames
        self._size = len(surnames) * len(_QUALIFIERS) * len(_INDUSTRIES)
        self._step = 1_000_003
        while math.gcd(self._step, self._size) != 1:
            self._step += 2

    def company(self, k: int, rng: random.Random) -> Company:
        cycle, position = divmod(k, self._size)
        x = (position * self._step + 12_345) % self._size
        x, industry_at = divmod(x, len(_INDUSTRIES))
        surname_at, qualifier_at = divmod(x, len(_QUALIFIERS))
        surname, code = self._surnames[surname_at]
        country = BY_CODE[code]
        qualifier, industry = _QUALIFIERS[qualifier_at], _INDUSTRIES[industry_at]
        suffix = country.company_suffixes[k % len(country.company_suffixes)]
        name = " ".join(part for part in (surname, qualifier, industry, suffix) if part)
        words = [slug(surname), slug(qualifier.replace("&", "and")), slug(industry)]
        joiner = "-" if x % 3 == 0 else ""
        label = joiner.join(word for word in words if word) + (str(cycle + 1) if cycle else "")
        return Company(
            index=k,
            name=name,
            surname=surname,
            domain=f"{label}.{country.tld}",
            industry=industry,
            country=country,
            email_format=int(rng.random() * len(WORK_FORMATS)),
            phone=make_phone(country.phone, k, rng),
            created_at=_EPOCH + timedelta(days=rng.random() * 4_800),
        )
