"""Texts to phones through an SMS gateway over HTTPS (PACTUM_SMS_URL).

Two shapes of gateway are spoken: Twilio's Messages resource (a URL ending in `/Messages.json`,
form fields `To`, `From`, `Body`, the account's SID and token as the URL's user and password,
the sender as `?From=`), and any endpoint that takes a JSON body `{"to": ..., "text": ...}`
(user and password in the URL become basic authentication). Plain HTTP is accepted only for a
gateway on this machine. Nothing about the person (number, text) goes into an error message.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import httpx

from pactum.errors import Invalid, Unavailable

_LOCAL = {"127.0.0.1", "localhost", "::1"}


def send_text(url: str, *, to: str, text: str, timeout: float = 15) -> None:
    """Hand one text to the gateway; Unavailable when it cannot take it (retry later)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "https" and not (parts.scheme == "http" and host in _LOCAL):
        raise Invalid(
            "PACTUM_SMS_URL must be an https:// URL (plain http only for a gateway on this machine)",
            where="PACTUM_SMS_URL",
            fix="write it as https://user:token@gateway.example/path",
        )
    query = dict(parse_qsl(parts.query))
    auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.path.endswith("/Messages.json"):  # Twilio
        sender = query.pop("From", "")
        target = urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))
        form, body = {"To": to, "From": sender, "Body": text}, None
    else:
        target = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        form, body = None, {"to": to, "text": text}
    try:
        answer = httpx.post(target, data=form, json=body, auth=auth, timeout=timeout)
    except httpx.HTTPError as exc:
        raise Unavailable(
            f"the SMS gateway {host} could not be reached ({exc.__class__.__name__})",
            fix="check PACTUM_SMS_URL and that the gateway is up; the text will be retried",
        ) from exc
    if not answer.is_success:
        raise Unavailable(
            f"the SMS gateway {host} refused the text (HTTP {answer.status_code})",
            fix="check the gateway's credentials and sender in PACTUM_SMS_URL",
        )
