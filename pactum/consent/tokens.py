"""Signed links: per-message unsubscribe tokens, sealed double opt-in links, and form tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from pactum.consent.people import Subject
from pactum.errors import Forbidden, Invalid
from pactum.identities import Identity

OPT_IN_VALID_FOR = timedelta(days=7)
FORM_VALID_FOR = timedelta(days=1)
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058, the body a mail client POSTs


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class UnsubscribeToken:
    """What an unsubscribe link names: who (kind and keyed hash only), which purpose, which mail."""

    subject: Subject
    purpose: str
    message_id: str
    reference: str  # recorded with the withdrawal: a second use of the link finds it


def unsubscribe_token(key: bytes, subject: Subject, purpose: str, message_id: str) -> str:
    serializer = URLSafeSerializer(key, salt="pactum.consent.unsubscribe")
    return str(
        serializer.dumps({"k": subject.kind, "h": subject.hash, "p": purpose, "m": message_id})
    )


def read_unsubscribe_token(key: bytes, token: str) -> UnsubscribeToken:
    serializer = URLSafeSerializer(key, salt="pactum.consent.unsubscribe")
    try:
        data = serializer.loads(token)
        subject = Subject(kind=str(data["k"]), hash=str(data["h"]))
        purpose, message_id = str(data["p"]), str(data["m"])
    except (BadData, KeyError, TypeError) as exc:
        raise Forbidden(
            "this unsubscribe link is not valid", fix="use the link in the e-mail"
        ) from exc
    return UnsubscribeToken(subject, purpose, message_id, f"unsubscribe:{_digest(token)}")


def unsubscribe_url(
    key: bytes, base_url: str, identity: Identity, purpose: str, message_id: str
) -> str:
    token = unsubscribe_token(key, Subject.of(identity, key), purpose, message_id)
    return f"{base_url.rstrip('/')}/u/{token}"


def unsubscribe_headers(
    key: bytes,
    base_url: str,
    identity: Identity,
    purpose: str,
    message_id: str,
    *,
    mailto: str | None = None,
) -> tuple[tuple[str, str], ...]:
    """`List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 2369, RFC 8058) for `Mail.headers`."""
    targets = [f"<{unsubscribe_url(key, base_url, identity, purpose, message_id)}>"]
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe>")
    return (("List-Unsubscribe", ", ".join(targets)), ("List-Unsubscribe-Post", ONE_CLICK))


@dataclass(frozen=True)
class OptIn:
    """A sign-up waiting for confirmation: sealed into the link, stored nowhere until confirmed."""

    identity: Identity
    purpose: str
    evidence_sha256: str
    client_address: str | None
    user_agent: str | None

    def reference(self, token: str) -> str:
        return f"opt_in:{_digest(token)}"


def _fernet(key: bytes) -> Fernet:
    derived = hmac.new(key, b"pactum.consent.opt_in", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal_opt_in(key: bytes, opt_in: OptIn, now: datetime) -> str:
    """An encrypted, authenticated token: the address is not readable in the link."""
    body = {
        "k": opt_in.identity.kind,
        "v": opt_in.identity.value,
        "p": opt_in.purpose,
        "e": opt_in.evidence_sha256,
        "a": opt_in.client_address,
        "u": opt_in.user_agent,
    }
    sealed = _fernet(key).encrypt_at_time(json.dumps(body).encode(), int(now.timestamp()))
    return sealed.decode()


def open_opt_in(key: bytes, token: str, now: datetime) -> OptIn:
    """The sign-up a confirmation link carries; Forbidden if forged, Invalid once expired."""
    fernet = _fernet(key)
    try:
        issued = fernet.extract_timestamp(token.encode())
        data = json.loads(fernet.decrypt(token.encode()))
        opt_in = OptIn(
            identity=Identity(str(data["k"]), str(data["v"])),
            purpose=str(data["p"]),
            evidence_sha256=str(data["e"]),
            client_address=data.get("a"),
            user_agent=data.get("u"),
        )
    except (InvalidToken, ValueError, KeyError, TypeError) as exc:
        raise Forbidden(
            "this confirmation link is not valid", fix="use the link in the e-mail"
        ) from exc
    if now - datetime.fromtimestamp(issued, UTC) > OPT_IN_VALID_FOR:
        raise Invalid(
            "this confirmation link has expired",
            where="link",
            fix=f"sign up again; links are valid for {OPT_IN_VALID_FOR.days} days",
        )
    return opt_in


def form_token(key: bytes, purpose: str, statement_sha256: str) -> str:
    """Ties a submitted form to the form (and consent statement) Pactum served, recently."""
    serializer = URLSafeTimedSerializer(key, salt="pactum.consent.form")
    return str(serializer.dumps({"p": purpose, "s": statement_sha256}))


def read_form_token(key: bytes, token: str) -> tuple[str, str]:
    serializer = URLSafeTimedSerializer(key, salt="pactum.consent.form")
    try:
        data = serializer.loads(token, max_age=int(FORM_VALID_FOR.total_seconds()))
        return str(data["p"]), str(data["s"])
    except (BadData, KeyError, TypeError) as exc:
        raise Forbidden(
            "the form has expired or was not served by us", fix="reload the page"
        ) from exc
