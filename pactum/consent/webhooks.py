"""Signed webhooks: HMAC-SHA256 over `timestamp.body`, the POST that sends one, and its verification.

A receiver checks a delivery with `verify_webhook(secret, headers, body, now)`: the signature must
match, the timestamp must be within the tolerance (a captured request cannot be replayed later),
and, when the receiver passes the signatures it has seen, the same request is refused twice.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, MutableSet
from dataclasses import dataclass
from datetime import datetime

import httpx

from pactum.errors import Forbidden

TIMESTAMP_HEADER = "Pactum-Timestamp"
SIGNATURE_HEADER = "Pactum-Signature"
DELIVERY_HEADER = "Pactum-Delivery"
_VERSION = "v1"


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{_VERSION}={mac.hexdigest()}"


def signed_headers(
    secret: bytes, body: bytes, *, now: datetime, delivery_id: int
) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        DELIVERY_HEADER: str(delivery_id),
    }


def verify_webhook(
    secret: bytes,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    tolerance: int = 300,
    *,
    seen: MutableSet[str] | None = None,
) -> None:
    """Raise Forbidden unless the request is signed with `secret`, fresh, and (with `seen`) new."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_time = lowered.get(TIMESTAMP_HEADER.lower(), "")
    given = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not raw_time.isdigit() or not given:
        raise Forbidden(
            "the webhook has no signature or timestamp",
            fix=f"send the {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers",
        )
    timestamp = int(raw_time)
    if abs(now.timestamp() - timestamp) > tolerance:
        raise Forbidden(
            f"the webhook's timestamp is more than {tolerance} s away from now",
            fix="a stale or replayed request is refused; check the sender's clock",
        )
    if not hmac.compare_digest(signature(secret, timestamp, body), given):
        raise Forbidden("the webhook's signature does not match", fix="check the shared secret")
    if seen is not None:
        if given in seen:
            raise Forbidden("this webhook was already received", fix="a replay is refused")
        seen.add(given)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    error: str | None = None


def post_webhook(
    url: str, secret: bytes, body: bytes, *, now: datetime, delivery_id: int, timeout: float = 10
) -> Attempt:
    """One POST; a 2xx answer is a delivery, anything else (or no answer in time) an error."""
    headers = signed_headers(secret, body, now=now, delivery_id=delivery_id)
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return Attempt(ok=False, error=f"no answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        return Attempt(ok=False, error=f"cannot connect ({exc.__class__.__name__})")
    if 200 <= response.status_code < 300:
        return Attempt(ok=True)
    return Attempt(ok=False, error=f"HTTP {response.status_code}")
