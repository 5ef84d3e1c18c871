"""The synthetic people: parseable phones, unique addresses and domains, households, look-alikes."""

from __future__ import annotations

import functools
import random

import phonenumbers
import pytest

from pactum.demo.countries import COUNTRIES, Country
from pactum.demo.people import Kind, Population
from pactum.demo.phones import Style, make_phone
from pactum.demo.plan import Plan
from pactum.demo.pools import build_pools


@functools.cache
def population(scale: int = 4_000) -> Population:
    return Population(build_pools(7), Plan(scale=scale, seed=7))


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.code)
def test_every_phone_style_parses_back_to_the_same_valid_number(country: Country) -> None:
    rng = random.Random(1)
    for n in range(200):
        phone = make_phone(country.phone, n * 977, rng, mobile=n % 2 == 0)
        for style in Style:
            parsed = phonenumbers.parse(phone.written(style), country.code)
            assert phonenumbers.is_valid_number(parsed), phone.written(style)
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            assert e164 == phone.e164


def test_company_domains_are_unique() -> None:
    people = population()
    domains = [people.company(k).domain for k in range(10_000)]
    assert len(set(domains)) == len(domains)


def test_private_addresses_are_unique_across_kinds_of_people() -> None:
    people = population()
    emails = [
        people.person(kind, n).private_email
        for kind in (Kind.SUBSCRIBER, Kind.VISITOR, Kind.FORUM_USER, Kind.REQUESTER)
        for n in range(1_500)
    ]
    emails += [people.contact(i).person.private_email for i in range(1_500)]
    assert len(set(emails)) == len(emails)


def test_a_contact_is_computed_the_same_way_every_time() -> None:
    assert population().contact(1_234) == population().contact(1_234)
    assert population().contact_name(1_234) == (
        population().contact(1_234).person.first_name,
        population().contact(1_234).person.last_name,
    )


def test_a_family_business_is_run_by_people_of_its_name_from_home() -> None:
    people = population()
    families = 0
    for k in range(0, 300, 3):  # the first company of every block
        contacts = [people.contact(i) for i in people.company_contacts(k)]
        assert {c.person.last_name for c in contacts} == {people.company(k).surname}
        assert len({c.address_id for c in contacts}) == 1
        families += len(contacts) == 2
    assert families > 10


def test_prospects_work_at_companies_that_are_not_customers() -> None:
    people = population()
    customers = {people.company(k).domain for k in range(people.plan.companies)}
    prospect = people.prospect(0)
    assert prospect.email.partition("@")[2] == prospect.company.domain
    assert prospect.company.domain not in customers
