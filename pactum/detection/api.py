"""The intake guard over HTTP: `POST /api/v1/scan` refuses what the policy refuses, stores nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pactum.detection.detector import detect
from pactum.detection.findings import Finding
from pactum.detection.intake import SensitiveContent, intake_message, screen_intake
from pactum.errors import Invalid, NotFound
from pactum.http import CurrentWorkspace
from pactum.policy.document import SpecialCategory
from pactum.policy.service import current_policy
from pactum.workspace import Workspace

router = APIRouter(prefix="/api/v1/scan", tags=["detection"])
BODY_LIMIT = 256 * 1024  # bytes: a long support message is a few kB; the detector reads ~1 MB/s
BODY_FIX = 'send JSON: {"text": "...", "refuse": ["health", ...]} (refuse is optional)'


class ScanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    refuse: list[SpecialCategory] | None = Field(
        default=None, description="Special categories to refuse; default: the policy's intake."
    )


class FindingOut(BaseModel):
    type: str
    start: int = Field(description="Character offset, from 0.")
    end: int
    score: float

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        return cls(
            type=finding.type.value,
            start=finding.start,
            end=finding.end,
            score=round(finding.score, 2),
        )


class ScanOut(BaseModel):
    accepted: bool = True
    refused: list[str] = Field(description="The categories this text was checked against.")
    findings: list[FindingOut] = Field(description="Personal data found; the text is not echoed.")


@router.post(
    "",
    response_model=ScanOut,
    responses={413: {"description": "Body over 256 kB"}, 422: {"description": "Refused"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ScanIn.model_json_schema()}},
        }
    },
)
async def scan(request: Request, workspace: CurrentWorkspace) -> Any:
    """Check a text before a form keeps it: 422 with a message for its writer when it holds a
    category the policy refuses at intake (or `refuse` names), else 200 with what it holds."""
    body = await _body(request)
    if body is None:
        return _too_large()
    try:
        asked = ScanIn.model_validate_json(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise Invalid(f"{where}: {first['msg']}", where=where, fix=BODY_FIX) from error
    refused = (
        [c.value for c in asked.refuse]
        if asked.refuse is not None
        else await run_in_threadpool(_policy_refuses, workspace)
    )
    blocked, findings = await run_in_threadpool(_screen, asked.text, refused)
    if blocked:
        return _refusal(SensitiveContent(intake_message(asked.text, blocked), blocked))
    return ScanOut(refused=refused, findings=[FindingOut.of(f) for f in findings])


async def _body(request: Request) -> bytes | None:
    """The body, or None as soon as it is known to be over the limit (never read whole)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > BODY_LIMIT:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > BODY_LIMIT:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _policy_refuses(workspace: Workspace) -> list[str]:
    with workspace.reader()() as session:
        try:
            return [c.value for c in current_policy(session).intake.refuse]
        except NotFound:
            return []  # no policy published yet: nothing is refused, findings are still listed


def _screen(text: str, refused: list[str]) -> tuple[list[Finding], list[Finding]]:
    """(refused findings, all findings): the guard runs first, the full detector only after."""
    blocked = screen_intake(text, refused) if refused else []
    return (blocked, []) if blocked else ([], detect(text))


def _refusal(error: SensitiveContent) -> JSONResponse:
    """The app's error shape, plus the findings' offsets so a form can highlight the parts."""
    body = {
        "error": "SensitiveContent",
        "detail": error.what,
        "problems": [{"what": error.what, "where": "text", "path": "text", "fix": error.fix}],
        "findings": [FindingOut.of(f).model_dump() for f in error.findings],
    }
    return JSONResponse(body, status_code=error.http_status)


def _too_large() -> JSONResponse:
    detail = f"The text is larger than {BODY_LIMIT // 1024} kB, the most this address takes."
    return JSONResponse(
        {"error": "PayloadTooLarge", "detail": detail, "problems": []}, status_code=413
    )
