"""The countries Northwind Ledger sells in: locale, ERP client, cities, phone plan, mail providers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhonePlan:
    """Enough of a national numbering plan to write plausible, parseable numbers."""

    calling_code: str
    trunk: str  # the national prefix dialled before the area code ("0" in Germany)
    areas: tuple[tuple[str, int], ...]  # area code and the length of the subscriber number
    mobiles: tuple[tuple[str, int], ...]
    groups: tuple[int, ...]  # how the subscriber number is written in groups, e.g. (3, 4)
    # Leading digits of subscriber numbers, per area, where not every digit starts an assigned
    # range (the validators in libphonenumber know which do); other areas take 2-9.
    leading: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    faker_locale: str
    language: str  # BCP 47, as a browser sends it
    client: str  # the ERP client (mandant) that books this country's customers
    weight: int  # share of customers and visitors, in percent
    tld: str
    company_suffixes: tuple[str, ...]
    mail_providers: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # real city names with their region
    phone: PhonePlan
    currency: str
    tax_rate: float  # VAT or a typical sales tax
    house_number_first: bool  # "12 Main Street" rather than "Hauptstraße 12"

    def street_line(self, street: str, number: int) -> str:
        if not self.house_number_first:
            return f"{street} {number}"
        return f"{number}, {street}" if self.code == "FR" else f"{number} {street}"


_NANP_GROUPS = (3, 4)

COUNTRIES: tuple[Country, ...] = (
    Country(
        code="US",
        faker_locale="en_US",
        language="en-US",
        client="100",
        weight=50,
        tld="com",
        company_suffixes=("Inc.", "LLC", "Corp.", "Co."),
        mail_providers=(
            "gmail.com",
            "outlook.com",
            "yahoo.com",
            "icloud.com",
            "aol.com",
            "proton.me",
        ),
        cities=(
            ("New York", "NY"),
            ("Chicago", "IL"),
            ("Austin", "TX"),
            ("Houston", "TX"),
            ("Seattle", "WA"),
            ("Denver", "CO"),
            ("Atlanta", "GA"),
            ("Boston", "MA"),
            ("Minneapolis", "MN"),
            ("Columbus", "OH"),
            ("Charlotte", "NC"),
            ("Phoenix", "AZ"),
            ("Portland", "OR"),
            ("Pittsburgh", "PA"),
            ("San Jose", "CA"),
            ("Milwaukee", "WI"),
        ),
        phone=PhonePlan(
            calling_code="1",
            trunk="",
            areas=tuple((a, 7) for a in ("212", "312", "512", "713", "206", "303", "404", "617")),
            mobiles=tuple((a, 7) for a in ("646", "917", "415", "702", "612", "704", "602")),
            groups=_NANP_GROUPS,
        ),
        currency="USD",
        tax_rate=0.07,
        house_number_first=True,
    ),
    Country(
        code="CA",
        faker_locale="en_CA",
        language="en-CA",
        client="100",
        weight=7,
        tld="ca",
        company_suffixes=("Inc.", "Ltd.", "Corp."),
        mail_providers=("gmail.com", "rogers.com", "shaw.ca", "outlook.com"),
        cities=(("Toronto", "ON"), ("Vancouver", "BC"), ("Montréal", "QC"), ("Calgary", "AB")),
        phone=PhonePlan("1", "", (("416", 7), ("604", 7), ("514", 7)), (("647", 7),), _NANP_GROUPS),
        currency="CAD",
        tax_rate=0.13,
        house_number_first=True,
    ),
    Country(
        code="MX",
        faker_locale="es_MX",
        language="es-MX",
        client="100",
        weight=5,
        tld="com.mx",
        company_suffixes=("S.A. de C.V.", "S. de R.L. de C.V."),
        mail_providers=("gmail.com", "hotmail.com", "yahoo.com.mx", "prodigy.net.mx"),
        cities=(("Ciudad de México", "CDMX"), ("Guadalajara", "JAL"), ("Monterrey", "NL")),
        phone=PhonePlan("52", "", (("55", 8), ("33", 8), ("81", 8)), (("55", 8),), (4, 4)),
        currency="MXN",
        tax_rate=0.16,
        house_number_first=False,
    ),
    Country(
        code="DE",
        faker_locale="de_DE",
        language="de-DE",
        client="200",
        weight=14,
        tld="de",
        company_suffixes=("GmbH", "AG", "GmbH & Co. KG", "KG"),
        mail_providers=("gmx.de", "web.de", "t-online.de", "gmail.com"),
        cities=(
            ("Berlin", "BE"),
            ("Hamburg", "HH"),
            ("München", "BY"),
            ("Frankfurt am Main", "HE"),
            ("Köln", "NW"),
            ("Stuttgart", "BW"),
            ("Düsseldorf", "NW"),
            ("Leipzig", "SN"),
        ),
        phone=PhonePlan(
            "49",
            "0",
            (("30", 8), ("40", 8), ("89", 8), ("69", 8), ("221", 7), ("711", 7)),
            (("151", 8), ("160", 7), ("176", 8)),
            (),
        ),
        currency="EUR",
        tax_rate=0.19,
        house_number_first=False,
    ),
    Country(
        code="FR",
        faker_locale="fr_FR",
        language="fr-FR",
        client="200",
        weight=7,
        tld="fr",
        company_suffixes=("SAS", "SARL", "SA"),
        mail_providers=("orange.fr", "free.fr", "laposte.net", "gmail.com"),
        cities=(("Paris", "IDF"), ("Lyon", "ARA"), ("Toulouse", "OCC"), ("Nantes", "PDL")),
        phone=PhonePlan(
            "33",
            "0",
            (("1", 8), ("4", 8), ("2", 8)),
            (("6", 8), ("7", 8)),
            (2, 2, 2, 2),
            leading=(("2", "2345789"), ("6", "245678"), ("7", "3456789")),
        ),
        currency="EUR",
        tax_rate=0.2,
        house_number_first=True,
    ),
    Country(
        code="NL",
        faker_locale="nl_NL",
        language="nl-NL",
        client="200",
        weight=5,
        tld="nl",
        company_suffixes=("B.V.", "N.V."),
        mail_providers=("ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.com"),
        cities=(("Amsterdam", "NH"), ("Rotterdam", "ZH"), ("Utrecht", "UT"), ("Eindhoven", "NB")),
        phone=PhonePlan(
            "31",
            "0",
            (("20", 7), ("10", 7), ("30", 7)),
            (("6", 8),),
            (3, 4),
            leading=(("6", "234568"),),
        ),
        currency="EUR",
        tax_rate=0.21,
        house_number_first=False,
    ),
    Country(
        code="GB",
        faker_locale="en_GB",
        language="en-GB",
        client="300",
        weight=12,
        tld="co.uk",
        company_suffixes=("Ltd", "PLC", "LLP"),
        mail_providers=("btinternet.com", "hotmail.co.uk", "gmail.com", "yahoo.co.uk"),
        cities=(
            ("London", "England"),
            ("Manchester", "England"),
            ("Birmingham", "England"),
            ("Leeds", "England"),
            ("Glasgow", "Scotland"),
            ("Bristol", "England"),
        ),
        phone=PhonePlan(
            "44",
            "0",
            (("20", 8), ("121", 7), ("161", 7), ("113", 7)),
            (("7700", 6), ("7911", 6)),
            (4, 4),
            leading=(
                ("20", "378"),
                ("121", "234567"),
                ("113", "23458"),
                ("7700", "378"),
                ("7911", "278"),
            ),
        ),
        currency="GBP",
        tax_rate=0.2,
        house_number_first=True,
    ),
)

BY_CODE = {country.code: country for country in COUNTRIES}
