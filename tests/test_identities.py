"""Identities are normalized before any match: e-mail case and spaces, phones to E.164."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactum.errors import Invalid
from pactum.identities import Identity, normalize


def test_email_case_and_surrounding_spaces_do_not_matter() -> None:
    assert normalize("email", "  Ada.Lovelace@Example.COM ") == Identity(
        "email", "ada.lovelace@example.com"
    )


@pytest.mark.parametrize(
    "raw", ["(415) 555-0132", "+1 415 555 0132", "415.555.0132", "+14155550132"]
)
def test_phones_become_e164(raw: str) -> None:
    assert normalize("phone", raw).value == "+14155550132"


def test_a_national_number_uses_the_default_region() -> None:
    assert normalize("phone", "030 901820", default_region="DE").value == "+4930901820"


@pytest.mark.parametrize("raw", ["not-an-email", "a@b", "a b@example.com", "@example.com"])
def test_malformed_emails_are_invalid(raw: str) -> None:
    with pytest.raises(Invalid):
        normalize("email", raw)


def test_an_invalid_phone_says_how_to_write_one() -> None:
    with pytest.raises(Invalid) as caught:
        normalize("phone", "12")
    assert "country code" in caught.value.fix


def test_long_bad_input_is_not_echoed_in_full() -> None:
    with pytest.raises(Invalid) as caught:
        normalize("email", "x" * 500)
    assert len(caught.value.what) < 80


@given(st.emails())
def test_normalizing_an_email_twice_changes_nothing(address: str) -> None:
    once = normalize("email", address)
    assert normalize("email", once.value) == once


def test_hashed_identities_are_stable_and_keyed() -> None:
    identity = Identity("email", "a@example.com")
    assert identity.hashed(b"k" * 32) == identity.hashed(b"k" * 32)
    assert identity.hashed(b"k" * 32) != identity.hashed(b"j" * 32)
