"""HTTP errors on the privacy center and the console as pages, not JSON; the API keeps JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from pactum.web.rendering import render

_TITLES = {
    400: "That did not work",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Please check what you sent",
    429: "Please wait a moment",
}


def is_page(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/privacy", "/console"))


async def http_error(request: Request, error: Exception) -> Response:
    """Registered for Starlette's HTTPException: pages get a page, everything else JSON."""
    assert isinstance(error, HTTPException)
    if not is_page(request):
        return await http_exception_handler(request, error)
    if error.status_code in {301, 302, 303, 307} and error.headers:
        return RedirectResponse(error.headers["Location"], status_code=error.status_code)
    console = request.url.path.startswith("/console")
    response = render(
        request,
        "console/error.html" if console else "privacy/error.html",
        status_code=error.status_code,
        title=_TITLES.get(error.status_code, "Something went wrong"),
        message=str(error.detail),
        policy=None,
        active="",
    )
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def validation_error(request: Request, error: Exception) -> Response:
    """Malformed form input on a page: a page that names the problem, never echoing the input."""
    assert isinstance(error, RequestValidationError)
    if not is_page(request):
        return await request_validation_exception_handler(request, error)
    fields = sorted({str(e.get("loc", ["", "?"])[-1]) for e in error.errors()})
    return await http_error(
        request,
        HTTPException(
            422,
            f"Some of what you sent is too long or not in the expected form ({', '.join(fields)}). "
            "Go back, shorten or correct it, and send it again.",
        ),
    )
