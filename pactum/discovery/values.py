"""What sampled values look like: shares of e-mails, phones, IPs, IBANs, names, and free text."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import phonenumbers

from pactum.detection import SPECIAL_CATEGORIES, Detector, FindingType
from pactum.detection.names import name_lists
from pactum.detection.validity import is_card_number, is_iban, is_ssn

PHONE_REGIONS = ("US", "GB", "DE", "FR", "CH")
MOST_VALUES = 200  # distinct values looked at per column
FREE_TEXT_WORDS = 4  # a value of this many words or more is prose, not a code or a name

_EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{5,22}[0-9]")
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)
_AGENT = re.compile(r"(?:Mozilla|Opera|Dalvik|curl|Wget|python-requests|okhttp)/|AppleWebKit|"
                    r"Gecko|Microsoft Outlook|Thunderbird|bot\b", re.IGNORECASE)  # fmt: skip
_HASH = re.compile(r"\$(?:argon2(?:id|i|d)|2[abxy]|pbkdf2[-_a-z0-9]*|scrypt|[156])\$\S{8,}|"
                   r"[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}")  # fmt: skip
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{1,4}){3,8}")
_CARD = re.compile(r"[0-9]{4}(?:[ -]?[0-9]{2,4}){2,4}")
_SSN = re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{4}")


@dataclass
class ValueProfile:
    """Shares (0-1) of the non-empty sampled values that pass each test, and the detector's
    findings per type counted in values of free text (each value counted once per type)."""

    seen: int = 0
    distinct: int = 0
    shares: dict[str, float] = field(default_factory=dict)
    found: Counter[str] = field(default_factory=Counter)
    scanned: int = 0  # values the detector read
    with_findings: int = 0  # of those, values with at least one finding
    is_free_text: bool = False

    def share(self, test: str) -> float:
        return self.shares.get(test, 0.0)

    @property
    def special(self) -> list[str]:
        return sorted(t for t in self.found if FindingType(t) in SPECIAL_CATEGORIES)


def is_email(value: str) -> bool:
    return _EMAIL.fullmatch(value) is not None


def is_phone(value: str) -> bool:
    if _PHONE.fullmatch(value) is None or sum(c.isdigit() for c in value) < 7:
        return False
    regions = (None,) if value.startswith("+") else PHONE_REGIONS
    for region in regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def is_person(value: str) -> bool:
    """A value in which the name lists know a capitalised word: "Anna", "Anna Weber", "Weber, A."."""
    lists = name_lists()
    return any(lists.knows(word.strip(".,")) for word in value.split()[:4])


TESTS: dict[str, Callable[[str], bool]] = {
    "email": is_email,
    "phone": is_phone,
    "ip": is_ip,
    "iban": lambda v: _IBAN.fullmatch(v) is not None and is_iban(v.replace(" ", "")),
    "card": lambda v: _CARD.fullmatch(v) is not None and is_card_number(re.sub(r"[ -]", "", v)),
    "ssn": lambda v: _SSN.fullmatch(v) is not None and is_ssn(v.replace("-", "")),
    "uuid": lambda v: _UUID.fullmatch(v) is not None,
    "user_agent": lambda v: _AGENT.search(v) is not None,
    "hash": lambda v: _HASH.fullmatch(v) is not None,
    "url": lambda v: v.startswith(("http://", "https://", "/")),
    "person": is_person,
}


def as_text(value: Any) -> str | None:
    if value is None or isinstance(value, bytes | bytearray | memoryview):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def profile_values(values: Iterable[Any], tests: Sequence[str], *, detect: bool) -> ValueProfile:
    """Run the named tests on the distinct non-empty values, and the text detector on prose (or
    on any values with `detect`: a column that nothing else explains)."""
    texts = [t for t in (as_text(v) for v in values) if t is not None]
    distinct = list(dict.fromkeys(texts))[:MOST_VALUES]
    profile = ValueProfile(seen=len(texts), distinct=len(distinct))
    if not distinct:
        return profile
    for test in tests:
        passed = sum(1 for v in distinct if TESTS[test](v))
        profile.shares[test] = passed / len(distinct)
    prose = [v for v in distinct if len(v.split()) >= FREE_TEXT_WORDS]
    profile.is_free_text = len(prose) >= max(2, len(distinct) // 3)
    if detect or profile.is_free_text:
        _count_findings(profile, distinct)
    return profile


def _count_findings(profile: ValueProfile, values: Sequence[str]) -> None:
    for findings in _detector().detect_many(values):
        types = {f.type.value for f in findings}
        profile.found.update(types)
        profile.with_findings += bool(types)
    profile.scanned = len(values)


@cache
def _detector() -> Detector:
    return Detector(phone_regions=PHONE_REGIONS)
