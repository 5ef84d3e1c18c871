"""Consent over HTTP: the check (one or a list), recording and history for staff keys; the banner."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from pactum.accounts import api_keys
from pactum.consent import banner, channels, deliveries, service
from pactum.consent.cache import ConsentCache
from pactum.consent.callers import KnownKeys
from pactum.consent.ledger import Choice, Evidence, record_choice
from pactum.consent.links import link
from pactum.consent.people import Subject, one_identity
from pactum.consent.schemas import (
    BannerIn,
    BatchIn,
    BatchOut,
    Decision,
    DeliveryOut,
    EventIn,
    History,
    LinkIn,
)
from pactum.db import transaction
from pactum.errors import Invalid
from pactum.http import CurrentWorkspace, ReadSession, run_read
from pactum.identities import Identity, normalize, try_normalize
from pactum.policy.service import current_policy
from pactum.signing import sha256_hex
from pactum.tasks import Queue, build_queue
from pactum.workspace import Workspace

router = APIRouter(prefix="/api/v1/consent", tags=["consent"])
_PUBLIC = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"}


async def _staff(request: Request, scope: str) -> str:
    """The actor behind `Authorization: Bearer <key>` holding `scope`.

    Async, with the keys known to this process remembered for a few seconds (`KnownKeys`): a
    check costs no thread hop and no write.
    """
    header = request.headers.get("authorization", "")
    if header[:7].lower() != "bearer ":
        raise HTTPException(401, "an API key is required", headers={"WWW-Authenticate": "Bearer"})
    workspace: Workspace = request.app.state.workspace

    def known_keys() -> KnownKeys:
        return KnownKeys(lambda token: run_in_threadpool(_authenticate, workspace, token))

    keys: KnownKeys = _state(request, "consent_keys", known_keys)
    caller = await keys.caller(header[7:])
    if caller is None:
        raise HTTPException(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    if not caller.has(scope):
        raise HTTPException(403, f"this API key lacks the scope {scope}")
    return caller.actor


def _authenticate(workspace: Workspace, token: str) -> api_keys.Caller | None:
    with transaction(workspace.sessions) as session:
        return api_keys.authenticate(session, workspace.clock, token)


async def _reader(request: Request) -> str:
    return await _staff(request, "consent:read")


async def _writer(request: Request) -> str:
    return await _staff(request, "consent:write")


Reader = Annotated[str, Depends(_reader)]
Writer = Annotated[str, Depends(_writer)]


def _state(request: Request, name: str, build: Any) -> Any:
    """One object per app (the decision cache, the queue), made on first use."""
    value = getattr(request.app.state, name, None)
    if value is None:
        value = build()
        setattr(request.app.state, name, value)
    return value


def enqueue(request: Request, delivery_ids: list[int]) -> None:
    """Nudge the queue after commit; a lost nudge is re-queued by the periodic job."""
    if not delivery_ids:
        return
    workspace: Workspace = request.app.state.workspace
    queue: Queue = _state(request, "consent_queue", lambda: build_queue(workspace.settings))
    try:
        for delivery_id in delivery_ids:
            queue.deliver_consent_change(delivery_id)
    except Exception:  # noqa: S110 - the delivery rows are committed; the periodic job retries
        pass


def evidence(request: Request, text: str | None = None) -> Evidence:
    return Evidence(
        text_sha256=sha256_hex(text.encode()) if text else None,
        client_address=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


def sends_gpc(request: Request) -> bool:
    return request.headers.get("sec-gpc", "").strip() == "1"


def honour_gpc(request: Request, workspace: Workspace, subjects: list[Subject]) -> bool:
    """`Sec-GPC: 1` opts the identities involved out of sale and sharing, writing only on change."""
    if not sends_gpc(request) or not subjects:
        return False
    with workspace.reader()() as session:
        policy = current_policy(session)
        needed = channels.gpc_needed(session, policy, subjects)
    if needed:
        with transaction(workspace.sessions) as session:
            changes = channels.honour_gpc(
                session, workspace.clock, policy, subjects, evidence=evidence(request)
            )
        enqueue(request, [d for change in changes for d in change.deliveries])
    return True


def _query(name: str, what: str, *, required: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": what,
        "schema": {"type": "string"},
    }


_CHECK_QUERY = [
    _query("purpose", "A purpose key of the published policy.", required=True),
    _query("email", "The person's e-mail address (give exactly one identity)."),
    _query("phone", "The person's phone number."),
    _query("customer_id", "The company's customer id."),
    _query("cookie_id", "The cookie banner's id."),
]


@router.get("/check", response_model=Decision, openapi_extra={"parameters": _CHECK_QUERY})
async def check(request: Request) -> Response:
    """May `purpose` be applied to this person now? The rule and the event that decided.

    Needs an API key with `consent:read`.
    """
    # The busiest route, kept lean (docs/decisions/0080-consent-check-serving-path.md): the key
    # is checked here rather than by a dependency, the query read here rather than declared
    # (FastAPI validates declared parameters one by one, ~60 µs a request; `openapi_extra`
    # documents them), the decision read where `run_read` says is cheapest, and the answer
    # serialized once (a returned model is validated again first; `response_model` documents it).
    await _staff(request, "consent:read")
    query = request.query_params
    purpose = query.get("purpose")
    if not purpose:
        raise Invalid("give the purpose to check", where="purpose", fix="add ?purpose=<key>")
    identity = one_identity(
        query.get("email"), query.get("phone"), query.get("customer_id"), query.get("cookie_id")
    )
    workspace: Workspace = request.app.state.workspace
    if sends_gpc(request):  # may write: in a worker thread, before the decision is read
        subjects = [Subject.of(identity, workspace.key)]
        await run_in_threadpool(honour_gpc, request, workspace, subjects)
    cache: ConsentCache = _state(request, "consent_cache", lambda: ConsentCache(workspace.key))

    def decide() -> Decision:
        with workspace.reader()() as session:  # connects only when memory cannot answer
            return cache.may_process(session, identity, purpose, now=workspace.clock.now())

    decision = await run_read(workspace, decide)
    return Response(decision.model_dump_json(), media_type="application/json")


@router.post("/check-batch")
def check_batch(
    body: BatchIn, session: ReadSession, workspace: CurrentWorkspace, _caller: Reader
) -> BatchOut:
    """The identities of a list (a mailing list) that `purpose` may be applied to."""
    parsed = [try_normalize(body.kind, value) for value in body.values]
    valid = [identity for identity in parsed if identity is not None]
    allowed = service.filter_allowed(
        session,
        current_policy(session),
        valid,
        body.purpose,
        now=workspace.clock.now(),
        key=workspace.key,
    )
    return BatchOut(
        purpose=body.purpose,
        allowed=[identity.value for identity in allowed],
        refused=len(valid) - len(allowed),
        invalid=[i for i, identity in enumerate(parsed) if identity is None],
    )


@router.post("/events", status_code=201)
def record_event(
    body: EventIn, request: Request, workspace: CurrentWorkspace, caller: Writer
) -> dict[str, Any]:
    """Record a choice made on the company's own site or app, with the text the person saw."""
    identity = normalize(body.identity.kind, body.identity.value)
    # The caller is the company's server: the evidence is what it reports of the person's visit.
    shown = sha256_hex(body.evidence_text.encode()) if body.evidence_text else None
    choice = Choice(
        body.purpose,
        body.state,
        body.channel,
        actor=caller,
        evidence=Evidence(shown, body.client_address, body.user_agent),
        note=body.note,
    )
    with transaction(workspace.sessions) as session:
        recorded = record_choice(
            session,
            workspace.clock,
            current_policy(session),
            Subject.of(identity, workspace.key),
            choice,
        )
    enqueue(request, recorded.deliveries)
    return {
        "event_id": recorded.event_id,
        "changed": recorded.changed,
        "deliveries": len(recorded.deliveries),
    }


@router.post("/link")
def link_identities(
    body: LinkIn, request: Request, workspace: CurrentWorkspace, caller: Writer
) -> dict[str, int]:
    """Join identities of one person (e.g. the banner's cookie id, seen when they sign in)."""
    subjects = [Subject.of(normalize(i.kind, i.value), workspace.key) for i in body.identities]
    with transaction(workspace.sessions) as session:
        queued = link(
            session, workspace.clock, current_policy(session), subjects, actor=caller, source="api"
        )
    enqueue(request, queued)
    return {"deliveries": len(queued)}


@router.get("/history")
def history(
    *,
    session: ReadSession,
    workspace: CurrentWorkspace,
    _caller: Reader,
    email: str | None = None,
    phone: str | None = None,
    customer_id: str | None = None,
    cookie_id: str | None = None,
) -> History:
    """Every event of the person, with their linked identities and current states."""
    return service.history(
        session, one_identity(email, phone, customer_id, cookie_id), key=workspace.key
    )


@router.get("/deliveries")
def list_deliveries(
    session: ReadSession, workspace: CurrentWorkspace, _caller: Reader, failing: bool = False
) -> list[DeliveryOut]:
    """The delivery log: status, attempts, age and the legal window of each."""
    return deliveries.list_deliveries(session, workspace.clock.now(), failing_only=failing)


@router.get("/banner-config")
def banner_config(
    request: Request, response: Response, workspace: CurrentWorkspace, cookie_id: str | None = None
) -> dict[str, Any]:
    """What the cookie banner shows (public: the banner runs on the company's website)."""
    response.headers.update(_PUBLIC)
    cookie = normalize("cookie_id", cookie_id) if cookie_id else None
    gpc = honour_gpc(request, workspace, [Subject.of(cookie, workspace.key)] if cookie else [])
    with workspace.reader()() as session:
        return _config(session, workspace, cookie, gpc=gpc or request.headers.get("sec-gpc") == "1")


def _config(
    session: Session, workspace: Workspace, cookie: Identity | None, *, gpc: bool
) -> dict[str, Any]:
    policy = current_policy(session)
    config = banner.banner_config(session, policy, workspace.key, cookie, gpc=gpc)
    return {**config, "policy_url": f"{workspace.settings.base_url.rstrip('/')}/privacy/policy"}


@router.options("/banner", include_in_schema=False)
def banner_preflight() -> Response:
    headers = {
        **_PUBLIC,
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
    }
    return Response(status_code=204, headers=headers)


@router.post("/banner")
def record_banner(
    body: BannerIn, request: Request, response: Response, workspace: CurrentWorkspace
) -> dict[str, int]:
    """Record a banner choice against its cookie id (public, like the banner)."""
    response.headers.update(_PUBLIC)
    cookie = normalize("cookie_id", body.cookie_id)
    gpc = honour_gpc(request, workspace, [Subject.of(cookie, workspace.key)])
    with transaction(workspace.sessions) as session:
        changes = banner.record_banner(
            session,
            workspace.clock,
            current_policy(session),
            workspace.key,
            cookie,
            choices=body.choices,
            gpc=gpc,
            evidence=evidence(request),
        )
    enqueue(request, [d for change in changes for d in change.deliveries])
    return {"recorded": len(changes)}
