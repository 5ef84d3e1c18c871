"""The intake guard: refused special categories, and a message a person understands."""

from __future__ import annotations

import pytest

from pactum.detection import SensitiveContent, check_intake, screen_intake
from pactum.errors import Invalid

REQUEST = "Please delete my account. I have diabetes, so the reminders upset me."


def test_refused_categories_are_found() -> None:
    (finding,) = screen_intake(REQUEST, {"health"})
    assert REQUEST[finding.start : finding.end] == "diabetes"


def test_categories_that_are_not_refused_pass() -> None:
    assert screen_intake(REQUEST, {"religion", "political"}) == []
    assert screen_intake(REQUEST, set()) == []


def test_the_refusal_says_what_to_remove_and_where() -> None:
    with pytest.raises(SensitiveContent) as refused:
        check_intake(REQUEST, {"health"})
    error = refused.value
    assert isinstance(error, Invalid) and error.http_status == 422
    start = REQUEST.index("diabetes")
    assert error.what == (
        "Please don't send us health information: remove the part about "
        f'"diabetes" (characters {start + 1}–{start + 8}).'
    )
    assert [f.start for f in error.findings] == [start]


def test_several_categories_are_named_together() -> None:
    text = "I am Muslim. I have a criminal record."
    with pytest.raises(SensitiveContent) as refused:
        check_intake(text, {"religion", "criminal"})
    message = refused.value.what
    assert message.startswith(
        "Please don't send us information about religion or beliefs or information about "
        "criminal records: remove the parts about"
    )
    assert '"Muslim"' in message and '"criminal record"' in message


def test_long_quotes_are_cut_short() -> None:
    text = "I was diagnosed with diabetes and then later diagnosed again with asthma."
    with pytest.raises(SensitiveContent) as refused:
        check_intake(text, {"health"})
    quoted = refused.value.what.split('"')[1]
    assert len(quoted) <= 30


def test_text_without_refused_data_passes() -> None:
    check_intake("Please delete my account and all my e-mails.", {"health", "religion"})


def test_unknown_category_names_are_a_configuration_error() -> None:
    with pytest.raises(Invalid, match="unknown special categories: healthy"):
        screen_intake(REQUEST, {"healthy"})
