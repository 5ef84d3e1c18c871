"""Dates of birth: only with a birth word nearby, in English, German and French."""

from __future__ import annotations

import datetime as dt

import pytest

from pactum.detection.dates import find_dates_of_birth
from pactum.detection.phrases import Hit
from tests.detection.samples import found, types_in


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("I was born on 12 March 1985 in Leeds.", "12 March 1985"),
        ("DOB: 1985-03-12", "1985-03-12"),
        ("D.O.B. 03/12/1985", "03/12/1985"),
        ("Date of birth: March 12, 1985", "March 12, 1985"),
        ("born on the 3rd of March 1985", "3rd of March 1985"),
        ("Ich bin am 12.03.1985 geboren.", "12.03.1985"),
        ("Geburtsdatum: 12.03.1985", "12.03.1985"),
        ("geb. 12. März 1985", "12. März 1985"),
        ("Je suis née le 3 avril 1990 à Lyon.", "3 avril 1990"),
        ("Né le 03/04/1990", "03/04/1990"),
        ("Date de naissance : 1990-04-03", "1990-04-03"),
    ],
)
def test_dates_after_or_before_a_birth_word_are_dates_of_birth(text: str, date: str) -> None:
    assert ("DATE_OF_BIRTH", date) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The meeting is on 12 March 1985.",
        "Lieferung am 12.03.2024",
        "Facture du 03/04/2023",
        "born 2024-03-01T12:00:00Z",  # a timestamp, not a birth date
        "DOB: 31.02.1985",  # no such day
        "Born in 1985, she ... (no day given)",
        "Geburtstag feiern wir am 12.03. im Büro",
    ],
)
def test_dates_without_a_birth_word_or_invalid_are_not_dates_of_birth(text: str) -> None:
    assert "DATE_OF_BIRTH" not in types_in(text)


def test_a_birth_date_in_the_future_is_refused() -> None:
    text = "born on 01.01.2030"
    hits = [Hit(0, 4, "born", "birth")]
    assert list(find_dates_of_birth(text, hits, today=dt.date(2026, 1, 1))) == []
    assert len(list(find_dates_of_birth(text, hits, today=dt.date(2031, 1, 1)))) == 1


def test_a_birth_word_in_the_previous_sentence_does_not_reach_a_date() -> None:
    assert "DATE_OF_BIRTH" not in types_in("I was born in Leeds. 12.03.1985 was the audit.")
