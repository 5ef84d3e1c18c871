"""Logging for the long-running processes (serve, worker): one format, personal data redacted."""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

from pactum.detection import RedactingFilter, install_log_redaction

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ACCESS_ARGS = 5  # uvicorn.access args: client, method, full path, HTTP version, status
_CLEAN_LINES = 10_000  # access lines the detector passed unchanged, remembered (no personal data)


class AccessLines(logging.Filter):
    """uvicorn's access line as `"GET /path HTTP/1.1" 200`, passed through the detector.

    The client address is personal data and is left out; the query string (`?email=...`,
    tokens) is replaced by `?…`; the path is decoded so that the detector recognizes what it
    holds (`ada%40example.com` is an address too). Every line passes the detector, which costs
    20-30 µs, so a line it passed unchanged is remembered and written again without asking: the
    same few lines make up almost all of a server's traffic. A record of any other shape gets
    the full redaction.
    """

    def __init__(self, redacting: RedactingFilter) -> None:
        super().__init__()
        self.redacting = redacting
        self.clean: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not (isinstance(args, tuple) and len(args) == _ACCESS_ARGS):
            return self.redacting.filter(record)
        _client, method, full_path, version, status = args
        parts = urlsplit(str(full_path))
        path = unquote(parts.path) + ("?…" if parts.query else "")
        line = f'"{method} {path} HTTP/{version}" {status}'
        if line not in self.clean:
            redacted = self.redacting.redacted(line)
            if redacted != line:
                line = redacted
            else:
                if len(self.clean) >= _CLEAN_LINES:
                    self.clean.clear()
                self.clean.add(line)
        record.msg, record.args = line, None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Every record passes the detector's redaction before it is written.

    Access lines have a handler of their own whose filter redacts them (`AccessLines`); every
    other record goes to the root handler, which redacts it whole.
    """
    logging.basicConfig(level=level, format=FORMAT)
    redacting = install_log_redaction()
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLines) for h in access.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(AccessLines(redacting))
        access.addHandler(handler)
        access.propagate = False
