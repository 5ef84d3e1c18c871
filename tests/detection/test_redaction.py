"""Redaction modes: tag, mask, keyed hash, reversible token; and what they refuse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactum.detection import (
    RedactionMode,
    detokenize,
    detokenize_text,
    new_token_key,
    redact,
    token_key,
)
from pactum.errors import Invalid
from tests.detection.samples import DETECTOR

TEXT = "Anna Schmidt <anna@example.com> paid with 4111 1111 1111 1111, call +49 30 12345678."
HASH_KEY = b"a hash key for tests"


def redacted(mode: RedactionMode, text: str = TEXT, key: bytes | None = None) -> str:
    return redact(text, DETECTOR.detect(text), mode, key=key)


def test_tag_mode_replaces_each_finding_with_its_type() -> None:
    assert redacted(RedactionMode.TAG) == (
        "[PERSON] <[EMAIL]> paid with [CREDIT_CARD], call [PHONE]."
    )


def test_mask_mode_keeps_the_length_and_the_last_four_digits_of_cards_and_phones() -> None:
    masked = redacted(RedactionMode.MASK)
    assert len(masked) == len(TEXT)
    assert "**** **** **** 1111" in masked
    assert "+** ** ****5678" in masked
    assert "anna" not in masked and "Schmidt" not in masked


def test_hash_mode_is_stable_for_one_key_and_differs_between_keys() -> None:
    first = redacted(RedactionMode.HASH, key=HASH_KEY)
    assert first == redacted(RedactionMode.HASH, key=HASH_KEY)
    assert first != redacted(RedactionMode.HASH, key=b"another key")
    assert "[EMAIL:" in first and "anna" not in first


def test_hash_mode_gives_one_value_for_differently_written_cards() -> None:
    spaced = redacted(RedactionMode.HASH, "card 4111 1111 1111 1111", HASH_KEY)
    dashed = redacted(RedactionMode.HASH, "card 4111-1111-1111-1111", HASH_KEY)
    assert spaced == dashed


def test_hash_and_token_modes_need_a_key() -> None:
    with pytest.raises(Invalid, match="needs a key"):
        redacted(RedactionMode.HASH)
    with pytest.raises(Invalid, match="needs a key"):
        redacted(RedactionMode.TOKEN)


def test_tokens_round_trip_with_the_staff_key() -> None:
    key = token_key(new_token_key())
    tokenized = redacted(RedactionMode.TOKEN, key=key)
    assert "anna@example.com" not in tokenized
    assert detokenize_text(tokenized, key) == TEXT
    email_token = tokenized.split("<", 1)[1].split(">", 1)[0]
    assert detokenize(email_token, key) == "anna@example.com"


def test_a_wrong_key_cannot_open_a_token() -> None:
    tokenized = redacted(RedactionMode.TOKEN, key=token_key(new_token_key()))
    with pytest.raises(Invalid, match="does not open with this key"):
        detokenize_text(tokenized, token_key(new_token_key()))


def test_a_token_with_a_changed_type_label_is_refused() -> None:
    key = token_key(new_token_key())
    token = redacted(RedactionMode.TOKEN, "mail anna@example.com", key).split(" ", 1)[1]
    with pytest.raises(Invalid, match="type label"):
        detokenize(token.replace("[EMAIL:", "[PHONE:"), key)


def test_token_keys_are_accepted_as_raw_base64_or_hex_and_must_be_32_bytes() -> None:
    raw = bytes(range(32))
    assert token_key(raw) == raw
    assert token_key(raw.hex()) == raw
    assert token_key(new_token_key()) != raw
    with pytest.raises(Invalid, match="32 bytes"):
        token_key(b"too short")


def test_findings_outside_the_text_are_refused() -> None:
    findings = DETECTOR.detect("mail anna@example.com")
    with pytest.raises(Invalid, match="outside the text"):
        redact("short", findings)


emails = st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,8})?@[a-z]{2,10}\.(com|de|fr|org)", fullmatch=True)
prose = st.text(alphabet=st.sampled_from(list("abc XYZ.,;\n")), max_size=40)


@settings(max_examples=100, deadline=None)
@given(before=prose, email=emails, after=prose, mode=st.sampled_from(list(RedactionMode)))
def test_redaction_never_leaves_the_original_email(
    before: str, email: str, after: str, mode: RedactionMode
) -> None:
    text = f"{before} {email} {after}"
    key = bytes(32)
    assert email not in redact(text, DETECTOR.detect(text), mode, key=key)
