"""Access packages: one-time download links, each granted by one verification."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from pactum.clock import Clock, as_utc
from pactum.errors import Forbidden, NotFound
from pactum.mail import Mail
from pactum.policy.service import current_policy
from pactum.privacy_requests import limits, service
from pactum.privacy_requests.links import package_token, read_package_token
from pactum.privacy_requests.messages import download_message
from pactum.privacy_requests.models import PackageLink, PrivacyRequest
from pactum.privacy_requests.verification import new_nonce

PACKAGE_LIFETIME = timedelta(days=7)


def has_package(request: PrivacyRequest) -> bool:
    path = request.result.get("package")
    return bool(path) and request.forgotten_at is None and Path(str(path)).is_file()


def grant(
    session: Session, clock: Clock, key: bytes, request: PrivacyRequest, base_url: str
) -> Mail:
    """A new link to the package, valid for seven days and for one download."""
    now = as_utc(clock.now())
    nonce = new_nonce()
    link = PackageLink(
        id=nonce,
        request_id=request.id,
        created_at=now,
        expires_at=now + PACKAGE_LIFETIME,
        used_at=None,
    )
    session.add(link)
    service.log_event(session, clock, request, actor="system", action="download_granted")
    url = f"{base_url.rstrip('/')}/api/v1/requests/{request.id}/package?token="
    url += package_token(key, request.id, nonce)
    expires = f"{link.expires_at:%a %-d %b %Y %H:%M} UTC"
    return download_message(
        service.addressee(current_policy(session), request), link=url, expires=expires
    )


def open_package(
    session: Session, clock: Clock, key: bytes, request_id: str, token: str, *, client: str | None
) -> Path:
    """The package file, once per link; a link for another request is treated as unknown."""
    limits.enforce(
        session, clock, limits.client_buckets(key, "download", client, limits.DOWNLOAD_PER_ADDRESS)
    )
    token_request, nonce = read_package_token(key, token)
    if token_request != request_id.strip().upper():
        raise NotFound(f"no privacy request {request_id}", where="id")
    request = service.get_request(session, request_id)
    link = session.get(PackageLink, nonce)
    now = as_utc(clock.now())
    if link is None or link.request_id != request.id or not has_package(request):
        raise NotFound(f"no package for privacy request {request_id}", where="id")
    if link.used_at is not None or as_utc(link.expires_at) <= now:
        raise Forbidden(
            "this download link has expired or was already used",
            where="token",
            fix="ask for a new code: each verification allows one more download",
        )
    link.used_at = now
    service.log_event(session, clock, request, actor="person", action="downloaded")
    return Path(str(request.result["package"]))
