"""Redaction: replace each finding by a tag, a mask, a keyed hash or a reversible token."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import partial

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pactum.detection.findings import Finding, FindingType, resolve_overlaps
from pactum.errors import Invalid
from pactum.signing import keyed_hash


class RedactionMode(StrEnum):
    TAG = "tag"  # "[EMAIL]"
    MASK = "mask"  # "****************1111": same length, last four digits of cards and phones
    HASH = "hash"  # "[EMAIL:3f9a0c1d2e4b]": HMAC-SHA256, stable for one key, not reversible
    TOKEN = "token"  # noqa: S105  # "[EMAIL:tok_...]": AES-GCM, reversible with the staff key


HASH_LENGTH = 12  # hex characters: 48 bits, enough to join on, too short to brute-force a key
TOKEN_PREFIX = "tok_"  # noqa: S105  # a marker, not a secret
_TOKEN_TEXT = re.compile(r"\[(?P<type>[A-Z_]+):(?P<token>tok_[A-Za-z0-9_-]+)\]")
_KEEP_LAST_DIGITS = frozenset({FindingType.CREDIT_CARD, FindingType.PHONE})
_SEPARATORS = " -./()+"
_NONCE = 12
_AAD = b"pactum-detection-token-v1"


def redact(
    text: str,
    findings: Iterable[Finding],
    mode: RedactionMode | str = RedactionMode.TAG,
    *,
    key: bytes | None = None,
) -> str:
    """`text` with every finding replaced; overlapping findings are resolved first.

    `hash` needs a key of any length; `token` needs a 32-byte key (see `token_key`).
    """
    mode = RedactionMode(mode)
    if mode in (RedactionMode.HASH, RedactionMode.TOKEN) and not key:
        raise Invalid(
            f"redaction mode {mode.value} needs a key",
            fix="pass the key (hash: PACTUM_REDACTION_KEY or a key file; token: the staff key file)",
        )
    cipher = AESGCM(token_key(key)) if mode is RedactionMode.TOKEN and key else None
    pieces: list[str] = []
    position = 0
    for finding in resolve_overlaps(findings):
        if finding.start < position or finding.end > len(text):
            raise Invalid(f"finding {finding.start}-{finding.end} is outside the text")
        pieces.append(text[position : finding.start])
        value = text[finding.start : finding.end]
        pieces.append(_replacement(finding.type, value, mode, key, cipher))
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)


def _replacement(
    kind: FindingType, value: str, mode: RedactionMode, key: bytes | None, cipher: AESGCM | None
) -> str:
    if mode is RedactionMode.TAG:
        return f"[{kind.value}]"
    if mode is RedactionMode.MASK:
        return mask(kind, value)
    if mode is RedactionMode.HASH:
        assert key is not None
        digest = keyed_hash(key, normalized(kind, value), purpose=f"redaction:{kind.value}")
        return f"[{kind.value}:{digest[:HASH_LENGTH]}]"
    assert cipher is not None
    return f"[{kind.value}:{_encrypt(cipher, kind, value)}]"


def mask(kind: FindingType, value: str) -> str:
    """Stars of the same length; cards and phones keep their separators and last four digits."""
    if kind not in _KEEP_LAST_DIGITS:
        return "".join(c if c in "\r\n" else "*" for c in value)
    digits_seen = 0
    kept: list[str] = []
    for char in reversed(value):
        if char.isdigit():
            digits_seen += 1
            kept.append(char if digits_seen <= 4 else "*")
        else:
            kept.append(char if char in _SEPARATORS else "*")
    return "".join(reversed(kept))


def normalized(kind: FindingType, value: str) -> str:
    """The form that is hashed, so "4111 1111 1111 1111" and "4111-1111-1111-1111" agree."""
    if kind in (FindingType.EMAIL, FindingType.PERSON, FindingType.ADDRESS):
        return " ".join(value.casefold().split())
    if kind in (FindingType.CREDIT_CARD, FindingType.PHONE, FindingType.IBAN, FindingType.US_SSN):
        return "".join(c for c in value.upper() if c.isalnum() or c == "+")
    return value.strip()


def new_token_key() -> str:
    """A fresh key for token mode, as text to store in the staff key file."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def token_key(raw: bytes | str) -> bytes:
    """The 32-byte AES key from a key file's content: raw bytes, base64 or hex text."""
    data = raw.encode() if isinstance(raw, str) else raw
    if len(data) == 32:
        return data
    key = _decoded_key(data.strip().decode("ascii", errors="replace"))
    if key is None:
        raise Invalid(
            "the token key must be 32 bytes (raw, base64 or hex)",
            fix="create one with: python -c 'from pactum.detection import new_token_key; "
            "print(new_token_key())'",
        )
    return key


def _decoded_key(text: str) -> bytes | None:
    decoders: tuple[Callable[[str], bytes], ...] = (
        base64.urlsafe_b64decode,
        partial(base64.b64decode, validate=True),
        bytes.fromhex,
    )
    for decode in decoders:
        try:
            key = decode(text)
        except (ValueError, binascii.Error):
            continue
        if len(key) == 32:
            return key
    return None


def _encrypt(cipher: AESGCM, kind: FindingType, value: str) -> str:
    nonce = os.urandom(_NONCE)
    sealed = cipher.encrypt(nonce, f"{kind.value}\x1f{value}".encode(), _AAD)
    return TOKEN_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def detokenize(token: str, key: bytes | str) -> str:
    """The original value of a token ("[EMAIL:tok_...]" or "tok_..."); refuses a wrong key."""
    match = _TOKEN_TEXT.fullmatch(token.strip())
    body = match.group("token") if match else token.strip()
    if not body.startswith(TOKEN_PREFIX):
        raise Invalid("this is not a Pactum token", fix="pass the [TYPE:tok_...] text as written")
    try:
        sealed = base64.urlsafe_b64decode(body[len(TOKEN_PREFIX) :] + "==")
        plain = AESGCM(token_key(key)).decrypt(sealed[:_NONCE], sealed[_NONCE:], _AAD)
    except (InvalidTag, ValueError, binascii.Error) as error:
        raise Invalid(
            "the token does not open with this key (wrong key, or the token was altered)",
            fix="use the staff key that made the token",
        ) from error
    kind, _, value = plain.decode().partition("\x1f")
    if match and match.group("type") != kind:
        raise Invalid("the token's type label was changed", fix="pass the token as it was written")
    return value


def detokenize_text(text: str, key: bytes | str) -> str:
    """`text` with every token put back to its original value."""
    return _TOKEN_TEXT.sub(lambda m: detokenize(m.group(), key), text)
