"""Serving the web app with uvicorn: one process, or several through `pactum.asgi`."""

from __future__ import annotations

import gc

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
    # uvicorn picks httptools and uvloop, both pinned in pyproject.toml (docs/decisions/0080).
    if workers > 1:
        # Each process builds its own app from the environment (pactum.asgi).
        uvicorn.run("pactum.asgi:app", host=host, port=port, workers=workers, log_config=None)
    else:
        app = create_app(workspace)
        freeze_startup_objects()
        uvicorn.run(app, host=host, port=port, log_config=None)


def freeze_startup_objects() -> None:
    """Put what start-up built (the app, the detector's tables) out of the collector's reach.

    A full garbage collection walks every object: about 120 ms over a built app on the benchmark
    machine, a stall of every request in flight every few seconds under load (the p99). Frozen,
    those objects are never walked again; what requests allocate is collected as before.
    """
    gc.collect()
    gc.freeze()
