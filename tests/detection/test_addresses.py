"""Postal addresses in US, UK, German, French and Swiss formats."""

from __future__ import annotations

import pytest

from tests.detection.samples import found, types_in


def addresses(text: str) -> list[str]:
    return [value for kind, value in found(text) if kind == "ADDRESS"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Ship to 1777 Kramer Court\nJohnsonfurt, NE 80119 please.",
            "1777 Kramer Court\nJohnsonfurt, NE 80119",
        ),
        (
            "Send it to 12 Oak Street, Springfield, IL 62704.",
            "12 Oak Street, Springfield, IL 62704",
        ),
        ("Office: 221B Baker Street, London NW1 6XE", "221B Baker Street, London NW1 6XE"),
        ("17 Jones Light\nNorth Holly\nS6 7LJ", "17 Jones Light\nNorth Holly\nS6 7LJ"),
        ("Meine Anschrift: Hauptstraße 5, 10115 Berlin.", "Hauptstraße 5, 10115 Berlin"),
        (
            "Lieferung an Berliner Straße 12a\n60311 Frankfurt am Main",
            "Berliner Straße 12a\n60311 Frankfurt am Main",
        ),
        ("Adresse : 12, rue de la Paix, 75002 Paris.", "12, rue de la Paix, 75002 Paris"),
        ("Mon adresse est rue de Lefèvre, 14382 Le Goff.", "rue de Lefèvre, 14382 Le Goff"),
        ("Bahnhofstrasse 21, 8001 Zürich", "Bahnhofstrasse 21, 8001 Zürich"),
    ],
)
def test_street_and_locality_make_one_address(text: str, address: str) -> None:
    assert addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "I live at 42 Maple Avenue.",
        "Wir wohnen in der Lindenallee 7.",
        "Livraison au 8 boulevard Haussmann",
    ],
)
def test_a_street_line_alone_is_an_address(text: str) -> None:
    assert "ADDRESS" in types_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 Google changed its terms.",
        "We sold 5000 Units last year.",
        "Take the main road and turn at the place.",
        "Meet me at 5 pm on the road.",
        "Heidelberg 2024: Konferenz",
        "The court ruled on 12 Street Fighter games.",
    ],
)
def test_numbers_near_capitalised_words_are_not_addresses(text: str) -> None:
    assert "ADDRESS" not in types_in(text)
