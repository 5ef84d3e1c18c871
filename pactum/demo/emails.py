"""E-mail addresses: work and private formats, transliteration, and how messy source rows are."""

from __future__ import annotations

import functools
import random
import unicodedata

_SPELLED = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)

# How a company builds its staff addresses; every format keeps the whole given name, and
# colleagues at one company never share a given name, so these addresses are unique.
WORK_FORMATS = ("{f}.{l}", "{f}.{l}", "{f}{l}", "{f}_{l}", "{f}", "{l}.{f}", "{f}.{i}")
_MIDDLE = "abcdefghjkmnprstw"
_PRIVATE_FORMATS = ("{f}.{l}{n}", "{f}{l}{n}", "{i}{l}{n}", "{l}.{f}{n}", "{f}_{l}{n}")


@functools.lru_cache(maxsize=16_384)  # names come from small pools: the same few thousand words
def slug(text: str, *, keep: str = "") -> str:
    """ASCII lower-case letters and digits (plus `keep`): "Müller-Lüdenscheidt" -> "muellerluedenscheidt"."""
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(ch for ch in spelled.lower() if ch.isascii() and (ch.isalnum() or ch in keep))


def work_email(first: str, last: str, domain: str, fmt: int, *, variant: int = 0) -> str:
    """`variant` > 0 tells colleagues of one name apart as mail admins do: odd values insert a
    middle initial ("anna.b.keller@"), even ones number the address ("anna.keller2@", "...3@")."""
    f, l = slug(first, keep="-"), slug(last, keep="-")  # noqa: E741 - l reads as "last" here
    local = WORK_FORMATS[fmt].format(f=f, l=l, i=l[:1])
    if variant % 2:
        local = f"{f}.{_MIDDLE[variant // 2 % len(_MIDDLE)]}.{l}"
    elif variant:
        local = f"{local}{variant // 2 + 1}"
    return f"{local}@{domain}"


def private_email(first: str, last: str, number: int, provider: str, fmt: int) -> str:
    """`number` makes the address unique per person, like the digits people add at sign-up."""
    f, l = slug(first), slug(last)  # noqa: E741
    local = _PRIVATE_FORMATS[fmt % len(_PRIVATE_FORMATS)].format(f=f, l=l, i=f[:1], n=number)
    return f"{local}@{provider}"


def messy(email: str, rng: random.Random) -> str:
    """As typed into a form or imported from a spreadsheet: some capitals, some stray spaces."""
    roll = rng.random()
    if roll >= 0.09:
        return email
    local, _, domain = email.partition("@")
    if roll < 0.04:
        return f"{'.'.join(part.capitalize() for part in local.split('.'))}@{domain}"
    if roll < 0.06:
        return f"{local}@{domain.upper()}"
    if roll < 0.075:
        return f" {email}"
    return f"{email.upper() if roll < 0.08 else email} "
