"""A real HTTP service that speaks Pactum's connector contract, backed by a SQLite database.

It is what an in-house service would implement (see pactum/connectors/http.py); the tests run
it on 127.0.0.1 in a thread and talk to it through the HTTP connector, over a real socket.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import create_engine, inspect

from pactum.connectors.base import Change, Connector, Row, plain
from pactum.errors import Conflict, Invalid, PactumError, Unavailable


class ContractServer:
    def __init__(self, connector: Connector, database_url: str) -> None:
        self.connector = connector
        self._columns = _columns(database_url)
        handler = _handler(self._answer)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.calls = 0

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://:secret-token@{host!s}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls += 1
        try:
            return 200, self._operate(operation, body)
        except PactumError as exc:
            status = (
                409 if isinstance(exc, Conflict) else 503 if isinstance(exc, Unavailable) else 422
            )
            place = exc.where.partition(".")[2] if isinstance(exc, Invalid) else ""
            return status, {"error": {"what": exc.what, "where": place}}

    def _operate(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        connector, dataset = self.connector, str(body.get("dataset", ""))
        keys = [tuple(k) for k in body.get("keys", [])]
        if operation == "describe":
            return {
                "datasets": {
                    name: self._describe(name) for name in body["datasets"] if name in self._columns
                }
            }
        if operation == "find":
            rows = connector.find(dataset, body["fields"], [tuple(v) for v in body["values"]])
            return {"rows": [_json(row) for row in rows]}
        if operation == "fetch":
            return {"rows": [_json(row) for row in connector.fetch(dataset, keys)]}
        if operation == "delete":
            return {"count": connector.delete(dataset, keys)}
        if operation == "update":
            changes = [Change(tuple(c["key"]), c["values"]) for c in body["changes"]]
            return {"count": connector.update(dataset, changes)}
        raise Invalid(f"no operation {operation!r}")

    def _describe(self, name: str) -> dict[str, Any]:
        shape = self.connector.shape(name)
        return {
            "primary_key": list(shape.primary_key),
            "required": sorted(shape.required),
            "fields": self._columns[name],
        }


def _columns(database_url: str) -> dict[str, list[str]]:
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        return {
            t: [c["name"] for c in inspector.get_columns(t)] for t in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def _json(row: Row) -> dict[str, Any]:
    return {
        "key": [plain(v) for v in row.key],
        "values": {k: plain(v) for k, v in row.values.items()},
    }


def _handler(answer: Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.headers.get("Authorization") != "Bearer secret-token":
                self._send(401, {"error": {"what": "unauthorized"}})
                return
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            operation = self.path.rstrip("/").rpartition("/")[2]
            self._send(*answer(operation, body))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            return

    return Handler
