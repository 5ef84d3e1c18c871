"""The stored spellings of an identity that look-ups try: how people type e-mails and phones."""

from __future__ import annotations

import pytest

from pactum.connectors.stored_forms import matches, stored_forms
from pactum.identities import Identity, normalize


@pytest.mark.parametrize(
    "stored",
    [
        "alice.smith@acme.example",
        "Alice.Smith@acme.example",
        "ALICE.SMITH@ACME.EXAMPLE",
        "alice.smith@ACME.EXAMPLE",
        "Alice.smith@Acme.Example",
        " alice.smith@acme.example",
        "Alice.Smith@acme.example ",
        " ALICE.SMITH@ACME.EXAMPLE",
    ],
)
def test_an_email_is_looked_up_in_the_forms_people_store_it(stored: str) -> None:
    identity = normalize("email", "alice.smith@acme.example")

    assert stored in stored_forms(identity) and matches(identity, stored)


@pytest.mark.parametrize(
    ("e164", "stored"),
    [
        ("+15125550142", "(512) 555-0142"),
        ("+15125550142", "512-555-0142"),
        ("+15125550142", "512.555.0142"),
        ("+15125550142", "+1 512-555-0142"),
        ("+15125550142", "+15125550142 "),
        ("+493012345678", "030 12345678"),
        ("+493012345678", "030-12345678"),
        ("+493012345678", "+49 30 12345678"),
        ("+33142685300", "01.42.68.53.00"),
        ("+33142685300", "01 42 68 53 00"),
        ("+31201234567", "020 123 4567"),
        ("+525512345678", "55 1234 5678"),
    ],
)
def test_a_phone_is_looked_up_in_national_and_international_formats(e164: str, stored: str) -> None:
    identity = Identity("phone", e164)

    assert matches(identity, stored)
    assert stored in stored_forms(identity) or stored.strip() in stored_forms(identity)


def test_a_value_outside_the_bounded_forms_is_not_looked_up() -> None:
    # Documented limit (docs/decisions/0030): mixed capitals inside a word, or spaces on both
    # sides, are not among the forms tried; `matches` would still accept such a row.
    identity = normalize("email", "alice.smith@acme.example")

    assert "aLiCe.smith@acme.example" not in stored_forms(identity)
    assert matches(identity, "aLiCe.smith@acme.example")


def test_another_persons_value_never_matches() -> None:
    assert not matches(normalize("email", "alice.smith@acme.example"), "alice.smith2@acme.example")
    assert not matches(Identity("phone", "+15125550142"), "(512) 555-0143")
    assert not matches(Identity("cookie_id", "c-1"), None)


def test_other_identities_are_looked_up_as_given_and_padded() -> None:
    assert stored_forms(Identity("customer_no", "10001")) == {"10001", " 10001", "10001 "}
