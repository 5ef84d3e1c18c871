"""E-mail addresses, payment cards, IBANs and US SSNs: pattern first, checksum or range second."""

from __future__ import annotations

import pytest

from pactum.detection.validity import card_issuer, is_iban, is_luhn_valid, is_ssn
from tests.detection.samples import found, types_in


@pytest.mark.parametrize(
    "text",
    [
        "write to anna.schmidt@example.com please",
        "E-Mail: j.dupont+factures@mail.example.fr.",
        "contact <o'brien@example.co.uk>",
    ],
)
def test_email_addresses_are_found_whole(text: str) -> None:
    emails = [value for kind, value in found(text) if kind == "EMAIL"]
    assert len(emails) == 1
    assert "@" in emails[0] and not emails[0].endswith(".")


def test_email_key_in_a_log_line_is_not_part_of_the_address() -> None:
    assert found("login ok user=anna@example.com ip=-") == [("EMAIL", "anna@example.com")]


@pytest.mark.parametrize("text", ["@anna thanks", "a@b", "name@localhost", "user@@example.com"])
def test_things_with_an_at_sign_are_not_always_email(text: str) -> None:
    assert "EMAIL" not in types_in(text)


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("4111111111111111", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3530111333300000", "jcb"),
        ("36227206271667", "diners"),
        ("6200000000000005", "unionpay"),
    ],
)
def test_known_issuer_ranges_are_recognised(number: str, issuer: str) -> None:
    assert card_issuer(number) == issuer
    assert is_luhn_valid(number)
    assert found(f"card {number} charged") == [("CREDIT_CARD", number)]


def test_luhn_invalid_card_is_not_reported() -> None:
    assert "CREDIT_CARD" not in types_in("card 4111 1111 1111 1112 charged")


def test_luhn_valid_number_outside_issuer_ranges_is_not_a_card() -> None:
    # Luhn-valid, but 9... is no issuer's range, and 2721 is just past Mastercard's 2-series.
    assert is_luhn_valid("9111111111111110")
    assert "CREDIT_CARD" not in types_in("number 9111111111111110")
    assert card_issuer("2721000000000000") is None


@pytest.mark.parametrize(
    "text",
    [
        "Karte 4111 1111 1111 1111 belastet",
        "carte bancaire 4111-1111-1111-1111 débitée",
        "Amex 3782 822463 10005 expired",
    ],
)
def test_cards_are_found_with_spaces_or_hyphens(text: str) -> None:
    assert "CREDIT_CARD" in types_in(text)


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "FR14 2004 1010 0505 0001 3M02 606",
        "GB29 NWBK 6016 1331 9268 19",
        "CH93 0076 2011 6238 5295 7",
    ],
)
def test_ibans_with_a_valid_checksum_are_found(iban: str) -> None:
    assert found(f"IBAN: {iban}, BIC follows") == [("IBAN", iban)]


def test_iban_with_a_wrong_checksum_is_not_reported() -> None:
    assert not is_iban("DE89370400440532013001")
    assert "IBAN" not in types_in("IBAN DE89 3704 0044 0532 0130 01")


def test_iban_with_the_wrong_length_for_its_country_is_not_reported() -> None:
    assert not is_iban("DE8937040044053201300")
    assert "IBAN" not in types_in("IBAN DE89 3704 0044 0532 0130 0")


def test_ssn_with_separators_is_found() -> None:
    assert found("SSN 123-45-6789 on file") == [("US_SSN", "123-45-6789")]
    assert found("her number is 123-45-6789.") == [("US_SSN", "123-45-6789")]


def test_bare_nine_digits_are_an_ssn_only_with_ssn_words() -> None:
    assert found("social security number 123456789") == [("US_SSN", "123456789")]
    assert "US_SSN" not in types_in("ticket 123456789 closed")
    assert "US_SSN" not in types_in("reference 123456789")


@pytest.mark.parametrize(
    "digits", ["000123456", "666123456", "900123456", "999123456", "123004567", "123450000"]
)
def test_ssns_outside_the_issued_ranges_are_refused(digits: str) -> None:
    assert not is_ssn(digits)
    formatted = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    assert "US_SSN" not in types_in(f"SSN {formatted}")


@pytest.mark.parametrize("formatted", ["078-05-1120", "219-09-9999", "457-55-5462"])
def test_advertised_ssns_are_refused(formatted: str) -> None:
    assert "US_SSN" not in types_in(f"SSN {formatted}")
