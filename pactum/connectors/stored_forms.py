"""The forms an identity takes when people type it into a company's systems, to look each one up.

A column holding "  Alice.Smith@Example.com" cannot be matched by `lower(trim(email))` without
an expression index the company does not have, so the engine looks up every form on this bounded
list with exact, indexed comparisons, then keeps the rows whose value normalizes to the identity
(docs/decisions/0030-identity-look-ups-by-stored-form.md).
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from pactum.identities import Identity, try_normalize

# One stray space before or after: what web forms and spreadsheet imports leave behind.
_PADDING = (("", ""), (" ", ""), ("", " "))
_SEPARATORS = (" ", "-", ".", "")


@functools.lru_cache(maxsize=4096)  # one identity is looked up in many fields
def stored_forms(identity: Identity) -> frozenset[str]:
    """Every spelling of `identity` the engine looks up, padded with a stray space or not."""
    if identity.kind == "email":
        bare = _email_spellings(identity.value)
    elif identity.kind == "phone":
        bare = _phone_spellings(identity.value)
    else:
        bare = {identity.value}
    return frozenset(f"{before}{form}{after}" for form in bare for before, after in _PADDING)


def matches(identity: Identity, stored: object) -> bool:
    """True when a stored value is `identity` once normalized (phones in the number's region)."""
    if stored is None:
        return False
    region = _region(identity.value) if identity.kind == "phone" else "US"
    found = try_normalize(identity.kind, stored, default_region=region)
    return found == identity


def _email_spellings(value: str) -> set[str]:
    local, _, domain = value.rpartition("@")
    locals_ = {
        local,
        local.upper(),
        local.capitalize(),
        ".".join(part.capitalize() for part in local.split(".")),
        re.sub(r"(^|[._-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), local),
    }
    domains = {
        domain,
        domain.upper(),
        ".".join(label.capitalize() for label in domain.split(".")),
    }
    return {f"{name}@{host}" for name in locals_ for host in domains}


def _phone_spellings(e164: str) -> set[str]:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return {e164}
    code = str(number.country_code)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    forms = {e164, national, international}
    trunk = re.sub(r"\D", "", national).removesuffix(_significant(number))
    for area, groups in _groupings(number):
        for separator in _SEPARATORS:
            rest = separator.join(groups)
            joined = f"{area}{separator}{rest}" if area else rest
            forms |= {f"{trunk}{joined}", f"+{code} {joined}", f"+{code}-{joined}"}
            if area:
                forms.add(f"({trunk}{area}) {rest}")
                forms.add(f"+{code} ({area}) {rest}")
    return {form for form in forms if form}


def _significant(number: phonenumbers.PhoneNumber) -> str:
    return str(phonenumbers.national_significant_number(number))


def _groupings(number: phonenumbers.PhoneNumber) -> set[tuple[str, tuple[str, ...]]]:
    """The area code (when the plan has one) and the subscriber digits in the usual groups."""
    digits = _significant(number)
    area_length = phonenumbers.length_of_geographical_area_code(number) or (
        phonenumbers.length_of_national_destination_code(number)
    )
    area, subscriber = digits[:area_length], digits[area_length:]
    splits: set[tuple[str, tuple[str, ...]]] = {("", (digits,))}
    splits.update((area, groups) for groups in _subscriber_groups(subscriber))
    return splits


def _subscriber_groups(digits: str) -> set[tuple[str, ...]]:
    size = len(digits)
    groups: set[tuple[str, ...]] = {(digits,)}
    if size > 4:
        groups.add((digits[:-4], digits[-4:]))
    if size % 2 == 0:
        groups.add(tuple(digits[i : i + 2] for i in range(0, size, 2)))
    return groups


def _region(e164: str) -> str:
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return "US"
    return str(region) if region and region != "ZZ" else "US"
