"""Validity rules for structured identifiers: Luhn, card issuer ranges, IBAN mod-97, SSN ranges."""

from __future__ import annotations

# (first digits low, first digits high, lengths) per issuer; a prefix range compares the leading
# digits of the same width. Sources: the issuers' published IIN ranges (ISO/IEC 7812).
CARD_ISSUERS: tuple[tuple[str, int, int, frozenset[int]], ...] = (
    ("visa", 4, 4, frozenset({13, 16, 19})),
    ("mastercard", 51, 55, frozenset({16})),
    ("mastercard", 2221, 2720, frozenset({16})),
    ("amex", 34, 34, frozenset({15})),
    ("amex", 37, 37, frozenset({15})),
    ("discover", 6011, 6011, frozenset({16, 17, 18, 19})),
    ("discover", 644, 649, frozenset({16, 17, 18, 19})),
    ("discover", 65, 65, frozenset({16, 17, 18, 19})),
    ("jcb", 3528, 3589, frozenset({16, 17, 18, 19})),
    ("diners", 300, 305, frozenset({14, 16, 19})),
    ("diners", 3095, 3095, frozenset({14, 16, 19})),
    ("diners", 36, 36, frozenset({14, 15, 16, 17, 18, 19})),
    ("diners", 38, 39, frozenset({14, 16, 19})),
    ("unionpay", 62, 62, frozenset({16, 17, 18, 19})),
)

# IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

# Numbers the SSA says were never valid, or that were printed in advertising and wallets.
SSN_ADVERTISED: frozenset[str] = frozenset({"078051120", "219099999", "457555462"})


def is_luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# The same ranges with the width of their prefix, worked out once.
_ISSUER_PREFIXES = tuple(
    (name, len(str(low)), low, high, lengths) for name, low, high, lengths in CARD_ISSUERS
)


def card_issuer(digits: str) -> str | None:
    """The issuer whose prefix range and length fit these digits, if any."""
    length = len(digits)
    for name, width, low, high, lengths in _ISSUER_PREFIXES:
        if length in lengths and low <= int(digits[:width]) <= high:
            return name
    return None


def is_card_number(digits: str) -> bool:
    return 12 < len(digits) < 20 and card_issuer(digits) is not None and is_luhn_valid(digits)


def is_iban(compact: str) -> bool:
    """Country length and the ISO 13616 mod-97 check on an IBAN without spaces, upper case."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    if not compact.isascii() or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def is_ssn(digits: str) -> bool:
    """US SSN rules: area not 000, 666 or 900-999; group not 00; serial not 0000; not advertised."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in {"000", "666"} or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in SSN_ADVERTISED
