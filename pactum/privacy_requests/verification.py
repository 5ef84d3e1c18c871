"""Proof of identity: which level a request needs, and single-use codes kept only as keyed hashes."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import timedelta

from pactum.errors import Invalid
from pactum.policy.document import Jurisdiction, RightType, VerificationLevel
from pactum.signing import keyed_hash

CODE_LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5
_CODE = re.compile(r"^\d{6}$")
_ORDER = [
    VerificationLevel.NONE,
    VerificationLevel.CONTACT,
    VerificationLevel.MATCHED,
    VerificationLevel.STRICT,
]


def required_level(jurisdiction: Jurisdiction, right: RightType) -> VerificationLevel:
    """The policy's level for this type; an opt-out never needs proof of identity.

    11 CCR 7026(d): a request to opt out need not be a verifiable consumer request.
    """
    if right is RightType.OPT_OUT:
        return VerificationLevel.NONE
    return jurisdiction.verification.by_type.get(right, jurisdiction.verification.default)


def sensitive_level(jurisdiction: Jurisdiction, level: VerificationLevel) -> VerificationLevel:
    """The level for access to sensitive categories: the higher of the two."""
    return max(level, jurisdiction.verification.sensitive_access, key=_ORDER.index)


def satisfies(achieved: VerificationLevel | None, required: VerificationLevel) -> bool:
    if required is VerificationLevel.NONE:
        return True
    return achieved is not None and _ORDER.index(achieved) >= _ORDER.index(required)


def code_reaches(required: VerificationLevel) -> VerificationLevel:
    """What a correct code proves: control of the contact given, nothing more.

    Matching data points or a signed declaration (11 CCR 7062) is done by a staff member, who
    then records a manual verification.
    """
    return VerificationLevel.CONTACT if required is not VerificationLevel.NONE else required


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def new_nonce() -> str:
    return secrets.token_hex(16)


def code_digest(key: bytes, nonce: str, code: str) -> str:
    """Keyed with the workspace secret and bound to one code row: a leaked table is useless."""
    return keyed_hash(key, f"{nonce}:{code}", purpose="privacy-request-code")


def clean_code(raw: str) -> str:
    code = re.sub(r"[\s-]", "", raw)
    if not _CODE.match(code):
        raise Invalid(
            "a verification code is six digits",
            where="code",
            fix="type the six digits from the message we sent",
        )
    return code


def is_code_correct(key: bytes, nonce: str, code: str, digest: str) -> bool:
    return hmac.compare_digest(code_digest(key, nonce, code), digest)
