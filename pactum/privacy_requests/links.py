"""Signed links in mail: verifying a request, downloading an access package."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from pactum.errors import Invalid

_VERIFY = "pactum.privacy-request.verify"
_PACKAGE = "pactum.privacy-request.package"


def _serializer(key: bytes, salt: str) -> URLSafeSerializer:
    # Untimed: expiry is kept in the database and read against the injected clock, and the
    # row also makes each link single-use.
    return URLSafeSerializer(key, salt=salt)


def verification_token(key: bytes, request_id: str, nonce: str) -> str:
    return str(_serializer(key, _VERIFY).dumps([request_id, nonce]))


def package_token(key: bytes, request_id: str, nonce: str) -> str:
    return str(_serializer(key, _PACKAGE).dumps([request_id, nonce]))


def read_verification_token(key: bytes, token: str) -> tuple[str, str]:
    return _read(key, _VERIFY, token)


def read_package_token(key: bytes, token: str) -> tuple[str, str]:
    return _read(key, _PACKAGE, token)


def _read(key: bytes, salt: str, token: str) -> tuple[str, str]:
    try:
        value = _serializer(key, salt).loads(token)
    except BadSignature as exc:
        raise Invalid(
            "this link is not valid: it was changed or is incomplete",
            where="token",
            fix="open the link exactly as it is in the message, or ask for a new one",
        ) from exc
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise Invalid("this link is not valid", where="token", fix="ask for a new one")
    return value[0], value[1]
