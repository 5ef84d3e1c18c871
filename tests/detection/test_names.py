"""Person names in English, German and French: lists, titles, cues; common words stay out."""

from __future__ import annotations

import pytest

from tests.detection.samples import found, types_in


def people(text: str) -> list[str]:
    return [value for kind, value in found(text) if kind == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I spoke with John Smith yesterday.", "John Smith"),
        ("Die Kollegin Anna Schmidt ruft zurück.", "Anna Schmidt"),
        ("Votre collègue Marie Dupont s'en occupe.", "Marie Dupont"),
        ("Signed by Jean-Pierre Martin.", "Jean-Pierre Martin"),
        ("Contact Hans von Müller today", "Hans von Müller"),
        ("Our colleague Mona Fliegner will call.", "Mona Fliegner"),
    ],
)
def test_known_first_and_last_names_together_are_a_person(text: str, name: str) -> None:
    assert people(text) == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear Mr Okonkwo, thank you.", "Okonkwo"),
        ("Sehr geehrte Frau Weber,", "Weber"),
        ("Bonjour Mme Lefèvre,", "Lefèvre"),
        ("Please ask Dr. Nakamura.", "Nakamura"),
        ("Hello, my name is Kofi Mensah and I", "Kofi Mensah"),
        ("Hallo, ich heiße Lukas und", "Lukas"),
        ("Bonjour, je m'appelle Camille.", "Camille"),
        ("Hi Anna,\nthanks", "Anna"),
        ("Best regards,\nTom", "Tom"),
        ("Thanks,\nApril Miller", "April Miller"),
    ],
)
def test_a_title_or_cue_word_makes_the_next_capitalised_word_a_person(text: str, name: str) -> None:
    assert people(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Will you send it?",
        "May 2024 was busy.",
        "Summer Sale starts Monday.",
        "Dear Customer, your order",
        "Hi Team, quick update",
        "Hello World",
        "Thanks Google for nothing.",
        "The Privacy Policy applies.",
        "john smith wrote in lower case",
        "Rose petals and a grant",
    ],
)
def test_common_words_that_are_also_names_are_not_people(text: str) -> None:
    assert "PERSON" not in types_in(text)


def test_a_german_noun_before_a_surname_is_not_enough() -> None:
    # "Bauer" is a surname and a noun; an unknown capitalised word before it scores too low.
    assert "PERSON" not in types_in("Das Ergebnis zeigt Tür Bauer klar.")
