"""Numbers that look like personal data but are references, versions, times or amounts."""

from __future__ import annotations

import pytest

from tests.detection.samples import types_in

NUMBER_TYPES = {"PHONE", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "DATE_OF_BIRTH"}


@pytest.mark.parametrize(
    "text",
    [
        "Your order ORD-2024-000123 has shipped.",
        "Re: order #48213 and order #4821377",
        "Invoice INV-2023-0042 is overdue.",
        "Rechnung Nr. 2023-0042 vom 01.03.2024",
        "Ihre Rechnungsnummer 2023004211 liegt bei.",
        "facture n° 2023-117 du 12/03/2024",
        "Part no. 40063813-39 and SKU 4006381333931 are in stock.",
        "Artikelnummer 4711081512 nicht lieferbar",
        "Upgrade to v2.14.3 or version 1.2.3.4 today.",
        "Released in build 2024.03.01.1200",
        "Deployed at 2024-03-01T12:00:00Z, healthy at 12:30:45.",
        "Tracking 1Z999AA10123456784 via UPS.",
        "Job 550e8400-e29b-41d4-a716-446655440000 finished.",
        "Total €1,234.56 (1.234.567,89 € incl. VAT) or $12,500.00.",
        "Ticket 20240301 closed; Kundennummer 0301234567.",
        "Meeting on 12.03.2024 at 10:00, see minutes 2024-03-12.",
        "Prix: 1 234 567,89 EUR",
    ],
)
def test_references_versions_times_and_amounts_are_not_personal_numbers(text: str) -> None:
    assert types_in(text).isdisjoint(NUMBER_TYPES)
