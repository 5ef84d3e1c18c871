"""Logging for the long-running processes (serve, worker): one format, personal data redacted."""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

from pactum.detection.log_redaction import install_log_redaction

_ACCESS_PATH_ARG = 2  # uvicorn.access args: client, method, full path, HTTP version, status


class AccessLogPaths(logging.Filter):
    """Query strings carry identities (`?email=...`) and tokens: log the path only, decoded so
    that the redaction filter recognizes what it holds (`ada%40example.com` is an address too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _ACCESS_PATH_ARG:
            parts = urlsplit(str(args[_ACCESS_PATH_ARG]))
            path = unquote(parts.path) + ("?…" if parts.query else "")
            record.args = (*args[:_ACCESS_PATH_ARG], path, *args[_ACCESS_PATH_ARG + 1 :])
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Every record passes the detector's redaction before it is written."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogPaths) for f in access.filters):
        access.addFilter(AccessLogPaths())
    install_log_redaction()
