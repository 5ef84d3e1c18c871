"""The web app, built from explicit lists of routers and middleware."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pactum import __version__
from pactum.errors import PactumError
from pactum.http import error_response
from pactum.policy import api as policy_api
from pactum.web import privacy_center
from pactum.web.headers import SecurityHeaders
from pactum.web.rendering import STATIC
from pactum.workspace import Workspace

ROUTERS = [policy_api.router, privacy_center.router]


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
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(PactumError)
    async def _pactum_error(_request: Request, error: PactumError) -> JSONResponse:
        return error_response(error)

    @app.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        """200 when the app and its database answer, 503 otherwise."""
        try:
            with workspace.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "version": __version__})

    return app
