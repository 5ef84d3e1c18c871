"""Serving the web app with uvicorn: one process, or several through `pactum.asgi`."""

from __future__ import annotations

import uvicorn

from pactum.app import create_app
from pactum.config import Settings
from pactum.logs import configure_logging
from pactum.terminal import err
from pactum.workspace import open_workspace


def serve_app(settings: Settings, *, host: str, port: int, workers: int = 1) -> None:
    configure_logging()
    workspace = open_workspace(settings)
    err.print(f"Pactum serving on http://{host}:{port}/privacy (workspace {workspace.path})")
    if workers > 1:
        # Each process builds its own app from the environment (pactum.asgi).
        uvicorn.run("pactum.asgi:app", host=host, port=port, workers=workers, log_config=None)
    else:
        uvicorn.run(create_app(workspace), host=host, port=port, log_config=None)
