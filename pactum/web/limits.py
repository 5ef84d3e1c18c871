"""A cap on request bodies: anything larger gets a clear 413 before the app reads it into memory."""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FORM_LIMIT = 1_000_000  # bytes: far more than any form of ours needs
API_LIMIT = 10_000_000  # policy and inventory documents posted to the API


class _TooLarge(HTTPException):
    """An HTTPException, so a framework that wraps body-reading errors still answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=_explain(limit))


def _explain(limit: int) -> str:
    return f"The request body is larger than {limit // 1_000_000} MB, the most this address takes."


class BodyLimit:
    """Pure ASGI middleware: checks Content-Length first, then counts a streamed body."""

    def __init__(self, app: ASGIApp, *, default: int = FORM_LIMIT, api: int = API_LIMIT) -> None:
        self.app = app
        self.default = default
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.api if path.startswith("/api/") else self.default
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit, as_json=path.startswith("/api/"))
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _refuse(send, limit, as_json=path.startswith("/api/"))


async def _refuse(send: Send, limit: int, *, as_json: bool) -> None:
    what = _explain(limit)
    if as_json:
        body = json.dumps({"error": "PayloadTooLarge", "detail": what, "problems": []}).encode()
        kind = b"application/json"
    else:
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>Too large</title>"
            f"<h1>Too large</h1><p>{what} Shorten it and send it again.</p></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
