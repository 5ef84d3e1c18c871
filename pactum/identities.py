"""People's identities (e-mail, phone, customer id, cookie id, ...), normalized before any match."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from pactum.errors import Invalid
from pactum.signing import keyed_hash

_EMAIL = re.compile(
    r"^[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$"
)
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True, order=True)
class Identity:
    """A normalized identity: `kind` is email, phone or any identity type the inventory names."""

    kind: str
    value: str

    def hashed(self, key: bytes) -> str:
        """The keyed hash Pactum keeps instead of the identity once it must forget the person."""
        return keyed_hash(key, f"{self.kind}:{self.value}")

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def normalize_email(raw: str) -> str:
    value = raw.strip().strip("<>").strip()
    if not _EMAIL.match(value):
        raise Invalid(
            f"{_preview(raw)!r} is not an e-mail address", where="email", fix="give name@domain"
        )
    local, _, domain = value.rpartition("@")
    # Domains are case-insensitive; local parts are in theory, but every mail system we connect to
    # treats them case-insensitively, and a person typing their address does too.
    return f"{local.lower()}@{domain.lower()}"


def normalize_phone(raw: str, default_region: str = "US") -> str:
    """E.164 (+14155550123), validated by libphonenumber."""
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise Invalid(
            f"{_preview(raw)!r} is not a phone number",
            where="phone",
            fix="write it with its country code, e.g. +1 415 555 0123",
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise Invalid(
            f"{_preview(raw)!r} is not a valid phone number",
            where="phone",
            fix="check the digits and the country code",
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def normalize(kind: str, raw: str, *, default_region: str = "US") -> Identity:
    if not _KIND.match(kind):
        raise Invalid(
            f"{kind!r} is not an identity type",
            where="kind",
            fix="use e.g. email, phone, customer_id",
        )
    if kind == "email":
        return Identity("email", normalize_email(raw))
    if kind == "phone":
        return Identity("phone", normalize_phone(raw, default_region))
    value = raw.strip()
    if not value or len(value) > 200:
        raise Invalid(
            f"an empty or over-long {kind}", where=kind, fix="give the identifier as stored"
        )
    return Identity(kind, value)


def try_normalize(kind: str, raw: object, *, default_region: str = "US") -> Identity | None:
    """For values read from the company's data, which may be messy: None instead of an error."""
    if raw is None:
        return None
    try:
        return normalize(kind, str(raw), default_region=default_region)
    except Invalid:
        return None


def _preview(raw: str) -> str:
    # Never echo a long input back: it may be someone's personal data pasted in the wrong field.
    return raw if len(raw) <= 40 else raw[:37] + "..."
