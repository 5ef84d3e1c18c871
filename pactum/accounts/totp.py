"""Time-based one-time codes (RFC 6238) as an optional second factor, sealed at rest, never replayed."""

from __future__ import annotations

import base64
import hmac
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.orm import Session

from pactum.accounts.models import StaffMember
from pactum.audit.service import record
from pactum.clock import Clock
from pactum.errors import Invalid
from pactum.signing import keyed_hash

# One step either side: the phone's clock may drift by up to 30 seconds.
_DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app takes (typed in, or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def _fernet(key: bytes) -> Fernet:
    derived = bytes.fromhex(keyed_hash(key, "totp-secrets", purpose="totp"))
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(key: bytes, secret: str) -> str:
    """Encrypted with a key derived from the workspace secret: a database dump alone is not enough."""
    return _fernet(key).encrypt(secret.encode()).decode()


def unseal(key: bytes, sealed: str) -> str:
    try:
        return _fernet(key).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Invalid(
            "the stored second-factor secret cannot be read with this workspace's key",
            where="staff_members.totp_secret",
            fix="reset the member's second factor with `pactum staff totp-reset EMAIL`",
        ) from exc


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step whose code equals `code`, within the allowed drift, or None."""
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(at)
    digits = code.strip().replace(" ", "")
    found = None
    for offset in range(-_DRIFT_STEPS, _DRIFT_STEPS + 1):
        expected = totp.generate_otp(now_step + offset)
        # Compare every candidate, equal or not, so the time taken says nothing.
        if hmac.compare_digest(expected.encode(), digits.encode()) and found is None:
            found = now_step + offset
    return found


def accept_code(member: StaffMember, key: bytes, code: str, at: datetime) -> bool:
    """True once per time step for a correct code; the step is remembered so it cannot be reused."""
    if not member.totp_secret:
        return False
    step = matching_step(unseal(key, member.totp_secret), code, at)
    if step is None or (member.totp_last_step is not None and step <= member.totp_last_step):
        return False
    member.totp_last_step = step
    return True


def enroll(
    session: Session, clock: Clock, member: StaffMember, key: bytes, *, secret: str, code: str
) -> None:
    """Turn the second factor on, once the member proves their app produces the right codes."""
    step = matching_step(secret, code, clock.now())
    if step is None:
        raise Invalid(
            "the code does not match", where="code", fix="type the 6 digits your app shows now"
        )
    member.totp_secret = seal(key, secret)
    member.totp_last_step = step
    record(
        session,
        clock,
        actor=f"staff:{member.id}",
        action="staff.totp_enabled",
        target=f"staff:{member.id}",
    )


def disable(session: Session, clock: Clock, member: StaffMember, *, actor: str) -> None:
    member.totp_secret = None
    member.totp_last_step = None
    record(session, clock, actor=actor, action="staff.totp_disabled", target=f"staff:{member.id}")
