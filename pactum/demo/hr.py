"""Northwind Ledger's own staff: employee records with identifiers and bank details, absences."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta

from pactum.demo.countries import BY_CODE, Country
from pactum.demo.emails import work_email
from pactum.demo.people import Kind, Person, Population
from pactum.demo.phones import pick_style
from pactum.demo.plan import NOW, Row

DOMAIN = "northwindledger.com"
_OFFICES = (
    ("US", "Boston HQ", 45),
    ("US", "Austin", 20),
    ("GB", "London", 15),
    ("DE", "Berlin", 20),
)
_DEPARTMENTS = (
    ("Engineering", ("Software Engineer", "Senior Software Engineer", "QA Engineer", "Engineering Manager"), 95_000),
    ("Sales", ("Account Executive", "Sales Development Rep", "Regional Sales Director"), 70_000),
    ("Support", ("Support Engineer", "Support Team Lead", "Technical Account Manager"), 58_000),
    ("Professional Services", ("Implementation Consultant", "Solution Architect"), 82_000),
    ("Finance", ("Accountant", "Payroll Specialist", "Controller"), 68_000),
    ("Marketing", ("Marketing Manager", "Content Writer", "Marketing Ops Analyst"), 64_000),
    ("People", ("HR Business Partner", "Recruiter"), 60_000),
)  # fmt: skip
_ABSENCES = (
    ("vacation", None), ("vacation", None), ("vacation", None), ("sick", "Flu"),
    ("sick", "Doctor's note received"), ("sick", "Back surgery follow-up"), ("training", "ERP Summit"),
    ("parental", None), ("unpaid", "Family matters"),
)  # fmt: skip
_GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL")
_TODAY = NOW.date()


def hr_rows(population: Population) -> Iterator[Row]:
    rng = population.rng(Kind.ROWS, 7)
    absence_ids = itertools.count(1)
    mailboxes: set[str] = set()  # staff addresses must be unique; the company is small enough
    offices = [office for office in _OFFICES for _ in range(office[2])]
    for n in range(population.plan.employees):
        code, office, _ = rng.choice(offices)
        country = BY_CODE[code]
        person = population.person(Kind.EMPLOYEE, n, country)
        manager = None if n == 0 else 1 + int(rng.random() * max(1, n // 6))
        hired = date(2008, 1, 1) + timedelta(
            days=int(rng.random() * (_TODAY - date(2008, 1, 1)).days)
        )
        left = hired + (_TODAY - hired) * rng.random() if rng.random() < 0.12 else None
        yield (
            "hr_employees",
            {
                "id": n + 1,
                "employee_no": f"NW-{n + 1:05d}",
                **_identity(population, person, _mailbox(person, mailboxes), rng),
                **_job(rng),
                **_bank(country, rng),
                "office": office,
                "manager_id": manager,
                "hired_on": hired,
                "terminated_on": left,
                "salary_currency": country.currency,
                **_emergency_contact(population, n, person, rng),
            },
        )
        yield from _absences(n + 1, (hired, left or _TODAY), manager, rng, absence_ids)


def _absences(
    employee_id: int,
    employed: tuple[date, date],
    manager: int | None,
    rng: random.Random,
    ids: Iterator[int],
) -> Iterator[Row]:
    hired, until = employed
    for _ in range(rng.randrange(10)):
        kind, note = rng.choice(_ABSENCES)
        starts = hired + (until - hired) * rng.random()
        days = 1 + int(rng.random() * (3 if kind == "sick" else 12))
        yield (
            "hr_absences",
            {
                "id": next(ids),
                "employee_id": employee_id,
                "kind": kind,
                "starts_on": starts,
                "ends_on": starts + timedelta(days=days - 1),
                "days": float(days),
                "note": note,
                "approved_by_id": manager,
            },
        )


def _mailbox(person: Person, taken: set[str]) -> str:
    email = work_email(person.first_name, person.last_name, DOMAIN, 0)
    variant = 0
    while email in taken:
        variant += 2  # "john.smith2@", "john.smith3@", as a mail admin would do
        email = work_email(person.first_name, person.last_name, DOMAIN, 0, variant=variant)
    taken.add(email)
    return email


def _identity(
    population: Population, person: Person, email: str, rng: random.Random
) -> dict[str, object]:
    country = person.country
    names = population.pools.names[country.code]
    city, _ = rng.choice(country.cities)
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "work_email": email,
        "private_email": person.private_email if rng.random() < 0.9 else None,
        "phone": person.mobile.written(pick_style(rng)),
        "date_of_birth": person.date_of_birth,
        **_national_id(country, rng),
        "street": country.street_line(rng.choice(names.streets), 1 + rng.randrange(180)),
        "postal_code": rng.choice(names.postcodes),
        "city": city,
        "country": country.code,
    }


def _national_id(country: Country, rng: random.Random) -> dict[str, object]:
    if country.code == "US":
        area = 1 + rng.randrange(898)
        area += area >= 666  # 666 is never issued
        number = f"{area:03d}-{1 + rng.randrange(99):02d}-{1 + rng.randrange(9999):04d}"
        return {"national_id": number, "national_id_kind": "SSN"}
    if country.code == "GB":
        prefix = rng.choice(("AB", "CE", "JK", "LM", "PR", "SW", "WX", "YZ"))
        number = f"{prefix}{rng.randrange(10**6):06d}{rng.choice('ABCD')}"
        return {"national_id": number, "national_id_kind": "NINO"}
    number = f"{1 + rng.randrange(9)}{rng.randrange(10**10):010d}"
    return {"national_id": number, "national_id_kind": "Steuer-ID"}


def _bank(country: Country, rng: random.Random) -> dict[str, object]:
    if country.code == "US":
        first8 = f"0{rng.randrange(1, 4)}{rng.randrange(10**6):06d}"
        check = -sum(w * int(d) for w, d in zip((3, 7, 1) * 3, first8, strict=False)) % 10
        account = f"{rng.randrange(10**9, 10**12)}"
        return {
            "bank_iban": None,
            "bank_routing_no": f"{first8}{check}",
            "bank_account_no": account,
        }
    if country.code == "GB":
        bban = f"{rng.choice(_GB_BANKS)}{rng.randrange(10**6):06d}{rng.randrange(10**8):08d}"
    else:
        bban = f"{rng.randrange(10**7, 10**8)}0{rng.randrange(10**9):09d}"
    iban = _iban(country.code, bban)
    if rng.random() < 0.5:  # printed form, as copied from a bank letter
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return {"bank_iban": iban, "bank_routing_no": None, "bank_account_no": None}


def _iban(country: str, bban: str) -> str:
    """With correct check digits (ISO 13616, mod 97), so validators accept it."""
    digits = "".join(str(int(ch, 36)) for ch in f"{bban}{country}00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def _job(rng: random.Random) -> dict[str, object]:
    department, titles, base = rng.choice(_DEPARTMENTS)
    return {
        "job_title": rng.choice(titles),
        "department": department,
        "salary": float(round(base * (0.75 + rng.random() * 0.8), -2)),
    }


def _emergency_contact(
    population: Population, n: int, employee: Person, rng: random.Random
) -> dict[str, object]:
    relative = population.person(Kind.RELATIVE, n, employee.country)
    if rng.random() < 0.2:
        return {"emergency_contact_name": None, "emergency_contact_phone": None}
    last = employee.last_name if rng.random() < 0.6 else relative.last_name
    return {
        "emergency_contact_name": f"{relative.first_name} {last}",
        "emergency_contact_phone": relative.mobile.written(pick_style(rng)),
    }
