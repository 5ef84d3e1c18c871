"""Access lines: method, path and status only; personal data redacted; clean lines remembered."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from pactum.detection import RedactingFilter
from pactum.logs import AccessLines


@pytest.fixture
def access() -> Iterator[tuple[logging.Logger, io.StringIO, AccessLines]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    lines = AccessLines(RedactingFilter())
    handler.addFilter(lines)
    logger = logging.getLogger("tests.logs.access")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream, lines
    logger.removeHandler(handler)


def log_request(logger: logging.Logger, path: str, status: int = 200) -> None:
    """As uvicorn logs a request: client, method, path with query, HTTP version, status."""
    logger.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:50412", "GET", path, "1.1", status)


def test_an_access_line_holds_the_method_the_path_and_the_status(
    access: tuple[logging.Logger, io.StringIO, AccessLines],
) -> None:
    logger, stream, _ = access
    log_request(logger, "/api/v1/consent/check?email=ada%40example.com&purpose=marketing_email")
    assert stream.getvalue() == '"GET /api/v1/consent/check?… HTTP/1.1" 200\n'


def test_the_client_address_is_never_written(
    access: tuple[logging.Logger, io.StringIO, AccessLines],
) -> None:
    logger, stream, _ = access
    log_request(logger, "/healthz")
    assert "203.0.113.9" not in stream.getvalue()


def test_personal_data_in_a_path_is_redacted_every_time(
    access: tuple[logging.Logger, io.StringIO, AccessLines],
) -> None:
    logger, stream, lines = access
    for _ in range(2):
        log_request(logger, "/privacy/nowhere/ada.lovelace%40example.com", 404)
    output = stream.getvalue()
    assert "ada.lovelace@example.com" not in output
    assert "ada.lovelace%40example.com" not in output
    assert output.count("/privacy/nowhere/") == 2
    assert not any("nowhere" in line for line in lines.clean)


def test_a_clean_line_is_remembered_and_written_unchanged(
    access: tuple[logging.Logger, io.StringIO, AccessLines],
) -> None:
    logger, stream, lines = access
    for _ in range(3):
        log_request(logger, "/healthz")
    assert stream.getvalue() == '"GET /healthz HTTP/1.1" 200\n' * 3
    assert lines.clean == {'"GET /healthz HTTP/1.1" 200'}


def test_a_record_of_another_shape_is_redacted_whole(
    access: tuple[logging.Logger, io.StringIO, AccessLines],
) -> None:
    logger, stream, _ = access
    logger.info("request from %s", "ada.lovelace@example.com")
    assert "ada.lovelace@example.com" not in stream.getvalue()
