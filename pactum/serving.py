"""Serving the web app with uvicorn: one process, or several through `pactum.asgi`."""

from __future__ import annotations

import gc
import socket
from collections.abc import Callable

import uvicorn
from uvicorn.supervisors import Multiprocess

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
        # Each process builds its own app from the environment (pactum.asgi) and listens on a
        # socket of its own (docs/decisions/0081).
        config = uvicorn.Config(
            "pactum.asgi:app", host=host, port=port, workers=workers, log_config=None
        )
        Multiprocess(config, sockets=[OwnListener.reserve(host, port)]).run()
    else:
        app = create_app(workspace)
        freeze_startup_objects()
        uvicorn.run(app, host=host, port=port, log_config=None)


class OwnListener(socket.socket):
    """The port reserved by the parent; each worker process that receives it binds its own.

    uvicorn hands every worker the same listening socket, so they share one queue of new
    connections and the first to wake takes them all: a client that opens its pool of 32
    keep-alive connections at once found 27 of them on one worker and 5 on the other, which
    then did most of the work (and its requests queued) while the other idled. With
    `SO_REUSEPORT` each worker listens on a socket of its own and the kernel spreads new
    connections among them by a hash of their addresses. The parent's socket is bound, never
    listening, so it takes no connections; its pickled form, sent to each worker, says
    "bind your own".
    """

    @classmethod
    def reserve(cls, host: str, port: int) -> OwnListener:
        return cls._bound(host, port)

    @classmethod
    def _bound(cls, host: str, port: int) -> OwnListener:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = cls(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind((host, port))
        return listener

    def __reduce__(self) -> tuple[Callable[[str, int], socket.socket], tuple[str, int]]:
        host, port = self.getsockname()[:2]
        return _own_socket, (host, port)


def _own_socket(host: str, port: int) -> socket.socket:
    """In a worker process: a socket of its own on the reserved address (uvicorn listens on it)."""
    listener = OwnListener._bound(host, port)
    return socket.socket(listener.family, listener.type, fileno=listener.detach())


def freeze_startup_objects() -> None:
    """Put what start-up built (the app, the detector's tables) out of the collector's reach.

    A full garbage collection walks every object: about 120 ms over a built app on the benchmark
    machine, a stall of every request in flight every few seconds under load (the p99). Frozen,
    those objects are never walked again; what requests allocate is collected as before.
    """
    gc.collect()
    gc.freeze()
