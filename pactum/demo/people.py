"""The synthetic people: contacts at customer companies, households, prospects, look-alikes.

Every person and company is a pure function of (seed, kind, index), so any table can refer to
contact 73,412 and know their name and e-mail without the generator keeping anyone in memory.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from pactum.demo.companies import Company, CompanyNames
from pactum.demo.countries import COUNTRIES, Country
from pactum.demo.emails import private_email, work_email
from pactum.demo.phones import Phone, make_phone
from pactum.demo.plan import (
    ADDRESSES_PER_BLOCK,
    BLOCK_PATTERNS,
    COMPANIES_PER_BLOCK,
    CONTACTS_PER_BLOCK,
    Plan,
)
from pactum.demo.pools import Pools

_MASK = (1 << 64) - 1
_OWNER_TITLES = ("Owner", "Managing Director", "Co-Owner", "President", "General Manager")
_JOB_TITLES = (
    ("Finance", ("CFO", "Controller", "Accounts Payable Clerk", "Finance Manager", "Bookkeeper")),
    ("Operations", ("Operations Manager", "Warehouse Manager", "Logistics Coordinator")),
    ("IT", ("IT Manager", "ERP Administrator", "Systems Analyst", "IT Support Specialist")),
    ("Purchasing", ("Head of Procurement", "Purchasing Agent", "Buyer", "Supply Chain Manager")),
    ("Management", ("CEO", "Managing Director", "General Manager", "Chief Operating Officer")),
    ("Sales", ("Sales Director", "Inside Sales Representative", "Key Account Manager")),
)


class Kind(IntEnum):
    """Separate number spaces, so contact 5 and subscriber 5 are different people."""

    COMPANY = 0
    CONTACT = 1
    PROSPECT = 2
    SUBSCRIBER = 3
    VISITOR = 4
    FORUM_USER = 5
    EMPLOYEE = 6
    RELATIVE = 7  # an employee's emergency contact
    REQUESTER = 8  # someone who writes to support without being a contact
    ORDERS = 9  # a customer's order history
    ROWS = 10  # the stream of a table's own rows (log lines, events)


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    gender: str  # "F" or "M", as Faker drew the given name
    country: Country
    private_email: str
    mobile: Phone
    date_of_birth: date


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at a customer company, as the ERP knows them."""

    id: int
    person: Person
    company: Company
    customer_no: str
    email: str  # at the company's domain
    phone: Phone  # direct line
    job_title: str
    department: str
    address_id: int  # shared with colleagues (office) or family (home)
    position: int  # 0 is the company's primary contact


@dataclass(frozen=True, slots=True)
class Prospect:
    """Someone at a company that is not (yet) a customer, as a lead list knows them."""

    person: Person
    company: Company
    email: str
    job_title: str


@dataclass(frozen=True)
class LookAlike:
    """Two distinct contacts with one name, one company and one mail domain."""

    first_name: str
    last_name: str
    company_name: str
    client: str
    customer_no: str
    contact_ids: tuple[int, int]
    emails: tuple[str, str]


def mix(*parts: int) -> int:
    """A fast, well-spread 64-bit hash of integers (SplitMix64 steps)."""
    h = 0x9E3779B97F4A7C15
    for part in parts:
        h = ((h ^ part) * 0xBF58476D1CE4E5B9) & _MASK
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK
        h ^= h >> 31
    return h


def customer_no(k: int) -> str:
    return f"{k + 100_001:010d}"


class Population:
    """Everyone in the demo for one (seed, scale): companies, contacts, prospects, others."""

    def __init__(self, pools: Pools, plan: Plan) -> None:
        self.pools = pools
        self.plan = plan
        self._names = CompanyNames(pools.surnames)
        self._countries = COUNTRIES
        self._weights = list(itertools.accumulate(c.weight for c in COUNTRIES))
        self._look_alike_blocks = {b: n for n, b in enumerate(plan.look_alike_blocks, start=1)}
        self._recent: dict[int, Company] = {}
        # Personal addresses carry a number unique per person: digits enough for everyone.
        self._modulus: int = 10 ** max(3, len(str(plan.scale * 16 + 16)))

    def rng(self, kind: Kind, index: int) -> random.Random:
        # Reproducible on purpose: synthetic people, nothing secret (hence not `secrets`).
        return random.Random(((self.plan.seed * 16 + kind) << 40) + index)  # noqa: S311

    def pick_country(self, rng: random.Random) -> Country:
        return rng.choices(self._countries, cum_weights=self._weights)[0]

    def company(self, k: int) -> Company:
        company = self._recent.get(k)
        if company is None:
            if len(self._recent) > 64:
                self._recent.clear()
            company = self._recent[k] = self._names.company(k, self.rng(Kind.COMPANY, k))
        return company

    def person(self, kind: Kind, index: int, country: Country | None = None) -> Person:
        rng = self.rng(kind, index)
        country = country or self.pick_country(rng)
        names = self.pools.names[country.code]
        first, gender = rng.choice(names.first_names)
        return self._person(
            kind, index, rng, country, (first, gender, rng.choice(names.last_names))
        )

    def _person(
        self,
        kind: Kind,
        index: int,
        rng: random.Random,
        country: Country,
        name: tuple[str, str, str],
    ) -> Person:
        first, gender, last = name
        number = index * 16 + kind
        unique = (number * 7_919 + 1) % self._modulus
        provider = rng.choice(country.mail_providers)
        return Person(
            first_name=first,
            last_name=last,
            gender=gender,
            country=country,
            private_email=private_email(first, last, unique, provider, int(rng.random() * 5)),
            mobile=make_phone(country.phone, number, rng, mobile=True),
            date_of_birth=date(1952, 1, 1) + timedelta(days=int(rng.random() * 18_600)),
        )

    def company_contacts(self, k: int) -> range:
        """The contact indexes of customer k (empty past the last contact)."""
        block, j = divmod(k, COMPANIES_PER_BLOCK)
        sizes = self._pattern(block)
        start = block * CONTACTS_PER_BLOCK + sum(sizes[:j])
        return range(min(start, self.plan.scale), min(start + sizes[j], self.plan.scale))

    def contact(self, i: int) -> Contact:
        block, j, position = self._locate(i)
        k = block * COMPANIES_PER_BLOCK + j
        company = self.company(k)
        first, gender, last = self._contact_name(i, k, j, position)
        pair = self._look_alike_blocks.get(block, 0) if (j, position) == (2, 1) else 0
        variant = pair if pair % 2 else 2 * (pair > 0)  # "anna.b.keller@" or "anna.keller2@"
        rng = self.rng(Kind.CONTACT, i)
        person = self._person(Kind.CONTACT, i, rng, company.country, (first, gender, last))
        department, titles = rng.choice(_JOB_TITLES)
        title = rng.choice(titles)
        if j == 0:
            department, title = "Management", _OWNER_TITLES[position % len(_OWNER_TITLES)]
        return Contact(
            id=i + 1,
            person=person,
            company=company,
            customer_no=customer_no(k),
            email=work_email(first, last, company.domain, company.email_format, variant=variant),
            phone=make_phone(company.country.phone, i * 16 + Kind.CONTACT, rng),
            job_title=title,
            department=department,
            address_id=block * ADDRESSES_PER_BLOCK + j + 1,
            position=position,
        )

    def contact_name(self, i: int) -> tuple[str, str]:
        """Contact i's given and family name, cheaper than the whole contact."""
        block, j, position = self._locate(i)
        first, _, last = self._contact_name(i, block * COMPANIES_PER_BLOCK + j, j, position)
        return first, last

    def _locate(self, i: int) -> tuple[int, int, int]:
        """Contact i's block, company within the block, and position within the company."""
        block, q = divmod(i, CONTACTS_PER_BLOCK)
        sizes = self._pattern(block)
        j = 0 if q < sizes[0] else 1 if q < sizes[0] + sizes[1] else 2
        return block, j, q - sum(sizes[:j])

    def prospect(self, n: int) -> Prospect:
        """Prospect companies follow the customers' index range, two prospects to each."""
        k = self.plan.companies + n // 2
        company = self.company(k)
        names = self.pools.names[company.country.code]
        first, gender = names.first_names[
            (mix(self.plan.seed, k, 1) + n % 2) % len(names.first_names)
        ]
        last = names.last_names[mix(self.plan.seed, n, 3) % len(names.last_names)]
        rng = self.rng(Kind.PROSPECT, n)
        person = self._person(Kind.PROSPECT, n, rng, company.country, (first, gender, last))
        email = work_email(first, last, company.domain, company.email_format)
        return Prospect(person, company, email, rng.choice(rng.choice(_JOB_TITLES)[1]))

    def _contact_name(self, i: int, k: int, j: int, position: int) -> tuple[str, str, str]:
        """Colleagues get consecutive given names from the pool, so no two share one (and their
        work addresses differ) unless they are a planted look-alike pair; a family business's
        people carry the family name."""
        company = self.company(k)
        names = self.pools.names[company.country.code]
        block = i // CONTACTS_PER_BLOCK
        if j == 2 and position == 1 and block in self._look_alike_blocks:
            position, i = 0, i - 1  # the twin takes the first colleague's name
        base = mix(self.plan.seed, k, 1)
        first, gender = names.first_names[(base + position) % len(names.first_names)]
        if j == 0:
            return first, gender, company.surname
        return first, gender, names.last_names[mix(self.plan.seed, i, 2) % len(names.last_names)]

    def look_alikes(self) -> tuple[LookAlike, ...]:
        pairs: list[LookAlike] = []
        for block in self.plan.look_alike_blocks:
            k = block * COMPANIES_PER_BLOCK + 2
            indexes = self.company_contacts(k)
            if len(indexes) < 2:
                continue
            one, two = self.contact(indexes[0]), self.contact(indexes[1])
            pairs.append(
                LookAlike(
                    first_name=one.person.first_name,
                    last_name=one.person.last_name,
                    company_name=one.company.name,
                    client=one.company.country.client,
                    customer_no=one.customer_no,
                    contact_ids=(one.id, two.id),
                    emails=(one.email, two.email),
                )
            )
        return tuple(pairs)

    def _pattern(self, block: int) -> tuple[int, int, int]:
        return BLOCK_PATTERNS[mix(self.plan.seed, block) % len(BLOCK_PATTERNS)]
