"""The web app, built from explicit lists of routers and middleware."""

from __future__ import annotations

from functools import partial

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pactum import __version__
from pactum.consent import api as consent_api
from pactum.consent import pages as consent_pages
from pactum.detection import api as detection_api
from pactum.errors import PactumError
from pactum.http import error_response, run_read
from pactum.policy import api as policy_api
from pactum.privacy_requests import api as privacy_requests_api
from pactum.tasks import build_queue
from pactum.web import (
    complaint_form,
    console_actions,
    console_audit,
    console_complaints,
    console_consent,
    console_inventory,
    console_metrics,
    console_requests,
    preferences,
    privacy_center,
    request_form,
    request_status,
    sign_in,
)
from pactum.web.error_pages import http_error, validation_error
from pactum.web.headers import SecurityHeaders
from pactum.web.limits import BodyLimit
from pactum.web.rendering import STATIC
from pactum.workspace import Workspace

# Tried in this order; the consent API first, as its check is the busiest route (issue 4).
ROUTERS = [
    consent_api.router,
    policy_api.router,
    privacy_requests_api.router,
    detection_api.router,
    consent_pages.router,
    privacy_center.router,
    complaint_form.router,
    preferences.router,
    request_form.router,
    request_status.router,
    sign_in.router,
    console_requests.router,
    console_actions.router,
    console_consent.router,
    console_inventory.router,
    console_metrics.router,
    console_audit.router,
    console_complaints.router,
]


async def healthz(request: Request) -> JSONResponse:
    """200 when the app and its database answer, 503 otherwise."""
    workspace: Workspace = request.app.state.workspace
    engine = workspace.engine
    try:
        await run_read(workspace, partial(_probe, engine))
    except (SQLAlchemyError, engine.dialect.loaded_dbapi.Error):
        return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
    return JSONResponse({"status": "ok", "version": __version__})


def _probe(engine: Engine) -> None:
    """`SELECT 1` on a pooled DB-API connection: no session, no transaction, no write lock."""
    connection = engine.raw_connection()
    try:
        connection.cursor().execute("SELECT 1")
    finally:
        connection.close()


def create_app(workspace: Workspace) -> FastAPI:
    app = FastAPI(
        title="Pactum",
        version=__version__,
        summary="A company's privacy policy, run as software.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.workspace = workspace
    # Routes are tried in order, at a few microseconds each: the health check first.
    app.add_api_route("/healthz", healthz, tags=["health"])

    def run_privacy_request(request_id: str) -> None:
        # The console's nudge to the worker; a lost one is picked up by the periodic resume job.
        build_queue(workspace.settings).run_privacy_request(request_id)

    app.state.run_privacy_request = run_privacy_request
    # Inside SecurityHeaders, so an oversized body reaches the app's error handling directly.
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(PactumError)
    async def _pactum_error(_request: Request, error: PactumError) -> JSONResponse:
        return error_response(error)

    return app
