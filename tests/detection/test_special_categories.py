"""Special categories (GDPR Art. 9): a lexicon term counts when the text ties it to a person."""

from __future__ import annotations

import pytest

from tests.detection.samples import found, types_in


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I was diagnosed with diabetes last year.", "HEALTH"),
        ("Ich habe Diabetes und kann nicht kommen.", "HEALTH"),
        ("Je suis enceinte de trois mois.", "HEALTH"),
        ("My wife is pregnant.", "HEALTH"),
        ("I am Muslim and would like halal food.", "RELIGION"),
        ("Ich bin evangelisch getauft.", "RELIGION"),
        ("Je suis musulmane.", "RELIGION"),
        ("My family is of Hispanic origin.", "ETHNICITY"),
        ("Ich habe einen Migrationshintergrund.", "ETHNICITY"),
        ("Je suis d'origine maghrébine.", "ETHNICITY"),
        ("I voted for the Green Party.", "POLITICAL"),
        ("Ich bin Mitglied der SPD.", "POLITICAL"),
        ("J'ai voté pour le Rassemblement national.", "POLITICAL"),
        ("I have a criminal record.", "CRIMINAL"),
        ("Ich bin vorbestraft.", "CRIMINAL"),
        ("J'ai un casier judiciaire.", "CRIMINAL"),
        ("I am a member of the trade union.", "UNION"),
        ("Ich bin Mitglied bei ver.di.", "UNION"),
        ("Je suis syndiqué à la CGT.", "UNION"),
        ("I'm gay and my partner is covered.", "SEXUAL_ORIENTATION"),
        ("Ich bin lesbisch.", "SEXUAL_ORIENTATION"),
        ("Je suis bisexuelle.", "SEXUAL_ORIENTATION"),
    ],
)
def test_terms_about_a_person_are_special_categories(text: str, kind: str) -> None:
    assert kind in types_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "We sponsor the annual cancer research run.",
        "The union of both sets is empty.",
        "The church bells rang at noon.",
        "Die Partei hat ihr Programm vorgestellt.",
        "L'église du village est fermée.",
        "The account was disabled by the admin.",
        "The aids for the project arrived.",
        "The card was charged twice.",
    ],
)
def test_terms_about_no_one_are_not_reported(text: str) -> None:
    assert types_in(text).isdisjoint(
        {"HEALTH", "RELIGION", "ETHNICITY", "POLITICAL", "CRIMINAL", "UNION", "SEXUAL_ORIENTATION"}
    )


def test_terms_of_one_clause_make_one_finding() -> None:
    assert found("I was diagnosed with diabetes.") == [("HEALTH", "diagnosed with diabetes")]


def test_acronyms_must_match_as_written() -> None:
    assert "HEALTH" in types_in("My brother has AIDS.")
    assert "HEALTH" not in types_in("My brother aids me.")
