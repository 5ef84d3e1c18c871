"""Log hygiene: personal data written through logging never reaches a handler's output."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from pactum.detection import RedactingFilter, install_log_redaction

SECRETS = [
    "anna.schmidt@example.com",
    "+49 30 12345678",
    "4111 1111 1111 1111",
    "DE89 3704 0044 0532 0130 00",
    "Anna Schmidt",
    "Okonkwo",
]


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s %(customer)s"))
    logger = logging.getLogger("tests.detection.logging")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    install_log_redaction(logger)
    yield logger, stream
    logger.removeHandler(handler)


def test_personal_data_never_reaches_the_log_output(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    email, phone, card, iban, name, surname = SECRETS
    extra = {"customer": email}
    logger.info("login by %s from %s", email, phone, extra=extra)
    logger.info(f"card {card} charged for {name}", extra=extra)  # on purpose
    logger.info("refund to %(iban)s", {"iban": iban}, extra=extra)
    logger.warning("Dear Mr %s, your request", surname, extra={"customer": [email, phone]})
    try:
        raise ValueError(f"cannot charge {card} for {email}")
    except ValueError:
        logger.exception("payment failed for %s", name, extra=extra)
    output = stream.getvalue()
    for secret in SECRETS:
        assert secret not in output
    assert "[EMAIL]" in output and "[CREDIT_CARD]" in output and "[IBAN]" in output
    assert "ValueError: cannot charge [CREDIT_CARD] for [EMAIL]" in output


def test_installing_twice_adds_one_filter(logged: tuple[logging.Logger, io.StringIO]) -> None:
    logger, _ = logged
    install_log_redaction(logger)
    for handler in logger.handlers:
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1


def test_a_logger_without_handlers_gets_the_filter_itself() -> None:
    logger = logging.getLogger("tests.detection.logging.bare")
    installed = install_log_redaction(logger)
    assert installed in logger.filters
    logger.removeFilter(installed)


def test_messages_whose_arguments_do_not_fit_are_still_redacted() -> None:
    record = logging.LogRecord("x", logging.INFO, "", 0, "mail %s %s", ("anna@example.com",), None)
    RedactingFilter().filter(record)
    assert "anna@example.com" not in record.getMessage()
