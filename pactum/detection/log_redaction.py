"""Log hygiene: a logging filter that replaces personal data with tags before any handler writes."""

from __future__ import annotations

import logging

from pactum.detection.detector import Detector
from pactum.detection.redaction import RedactionMode, redact

# Attributes every LogRecord has; anything else on a record came from `extra=` and is redacted.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class RedactingFilter(logging.Filter):
    """Redacts (tag mode) the formatted message, the exception text, the stack and `extra` values.

    The record is changed in place, so every handler after this filter sees only the tags; the
    exception is kept as text (`exc_text`), and `exc_info` is cleared so no handler can format
    the original again.
    """

    def __init__(self, detector: Detector | None = None) -> None:
        super().__init__()
        self.detector = detector or Detector()

    def redacted(self, text: str) -> str:
        return redact(text, self.detector.detect(text), RedactionMode.TAG)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redacted(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redacted(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redacted(record.stack_info)
        for name, value in list(vars(record).items()):
            if name in _STANDARD:
                continue
            if isinstance(value, str):
                setattr(record, name, self.redacted(value))
            elif isinstance(value, dict | list | tuple | set):
                setattr(record, name, self.redacted(repr(value)))
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Add the filter to every handler of `logger` (the root logger by default).

    Handler filters see records from all child loggers; a logger's own filters would not.
    Call it after logging is configured: a handler added later does not get the filter. A logger
    without handlers gets the filter itself. Calling it twice adds nothing.
    """
    target = logger or logging.getLogger()
    holders: list[logging.Filterer] = list(target.handlers) or [target]
    existing = next((f for h in holders for f in h.filters if isinstance(f, RedactingFilter)), None)
    installed = existing or RedactingFilter()
    for holder in holders:
        if installed not in holder.filters:
            holder.addFilter(installed)
    return installed
