"""Keyed hashes of identities, so Pactum can recognize a person without keeping them in clear."""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(key: bytes, value: str, *, purpose: str = "identity") -> str:
    """HMAC-SHA256 of a normalized value; `purpose` separates the uses of one key."""
    derived = hmac.new(key, purpose.encode(), hashlib.sha256).digest()
    return hmac.new(derived, value.encode("utf-8"), hashlib.sha256).hexdigest()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
