"""Classifying columns into data categories: by name, SQL type and sampled values, then by table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pactum.detection.vocabulary import word_set
from pactum.discovery.database import ColumnInfo, Kind, TableInfo
from pactum.discovery.names import (
    ADDRESS,
    LOCATION,
    PREFERENCES,
    WEAK_LOCALITY,
    NameHint,
    free_text_category,
    is_free_text_name,
    is_someone_else,
    read_name,
    table_category,
    words,
)
from pactum.discovery.references import KEY_SUFFIXES
from pactum.discovery.schemas import PERSONAL, ColumnReport, ReferenceReport
from pactum.discovery.values import ValueProfile, profile_values

MIN_EVIDENCE = 5  # distinct values needed before values may contradict a column's name
TEXT_TESTS = ("email", "phone", "ip", "iban", "card", "ssn", "user_agent", "hash", "uuid", "url")
LABELS = {
    "email": "e-mail addresses", "phone": "phone numbers", "ip": "IP addresses", "iban": "IBANs",
    "card": "card numbers", "ssn": "US social security numbers", "user_agent": "user agents",
    "hash": "password hashes", "person": "known first or last names",
}  # fmt: skip
# (test, least share, category, identity): values that say what a column holds whatever its name.
BY_VALUES: tuple[tuple[str, float, str, str | None], ...] = (
    ("email", 0.6, "user.contact.email", "email"),
    ("ip", 0.6, "user.device.ip_address", None),
    ("iban", 0.6, "user.financial.bank_account", None),
    ("card", 0.8, "user.financial.credit_card", None),
    ("ssn", 0.8, "user.government_id.national_identification_number", None),
    ("user_agent", 0.6, "user.device", None),
    ("phone", 0.7, "user.contact.phone_number", "phone"),
)
FINDING_CATEGORIES = {
    "EMAIL": "user.contact.email", "PHONE": "user.contact.phone_number", "PERSON": "user.name",
    "ADDRESS": "user.contact.address", "IBAN": "user.financial.bank_account",
    "CREDIT_CARD": "user.financial.credit_card",
    "US_SSN": "user.government_id.national_identification_number",
    "IP_ADDRESS": "user.device.ip_address", "URL": "user.contact.url",
    "DATE_OF_BIRTH": "user.demographic.date_of_birth", "HEALTH": "user.health_and_medical",
    "RELIGION": "user.demographic.religious_belief",
    "ETHNICITY": "user.demographic.race_ethnicity",
    "POLITICAL": "user.demographic.political_opinion", "CRIMINAL": "user.criminal_history",
    "UNION": "user.demographic", "SEXUAL_ORIENTATION": "user.demographic.sexual_orientation",
}  # fmt: skip
PEOPLE_CATEGORIES = frozenset(
    {"user.name", "user.contact.email", "user.contact.phone_number", "user.device.cookie_id"}
)
TECHNICAL = word_set(
    "status state method currency priority channel version created updated modified deleted "
    "checksum bytes size count sort flag"
)
SCORES = frozenset({"score", "rating", "rank", "grade", "nps", "points"})
ASSOCIATED = 0.45  # "describes the people in this table": personal, and the first to review


def classify_tables(
    tables: Sequence[TableInfo],
    samples: dict[str, dict[str, list[Any]]],
    references: Sequence[ReferenceReport],
) -> tuple[list[ColumnReport], set[str]]:
    """Every column's report, and the names of the tables about people."""
    referring = {(r.table, f): r for r in references for f in r.fields}
    reports: dict[tuple[str, str], ColumnReport] = {}
    for table in tables:
        hints = {c.name: read_name(c.name, table.name, c.kind) for c in table.columns}
        has_street = any(
            h and h.rule.category == ADDRESS and not h.rule.locality for h in hints.values()
        )
        values = samples.get(table.name, {})
        for column in table.columns:
            reference = referring.get((table.name, column.name))
            hint = hints[column.name]
            if reference is not None:
                report = _reference(table, column, hint, reference)
            else:
                report = _column(table, column, hint, values.get(column.name, []), has_street)
            reports[(table.name, column.name)] = report
    _identities_of_keys(reports, tables, references)
    people = _tables_about_people(tables, reports, references)
    for table in tables:
        if table.name in people:
            _associate(table, reports, referring)
    return list(reports.values()), people


def _reference(
    table: TableInfo, column: ColumnInfo, hint: NameHint | None, reference: ReferenceReport
) -> ColumnReport:
    """A column that refers to another table is a link, not data; alone (not one column of a
    composite key) and named as an identity (`contact_id`), it also finds a person's rows."""
    report = ColumnReport(
        table=table.name,
        column=column.name,
        sql_type=column.sql_type,
        refers_to=f"{reference.to}.{','.join(reference.to_fields)}",
    )
    if hint and hint.rule.identity and len(reference.fields) == 1:
        report.identity = hint.rule.identity
        report.confidence = 0.7
        report.reasons.append(f'refers to {reference.to}; name "{hint.phrase}" is an identity')
    return report


def _column(
    table: TableInfo, column: ColumnInfo, hint: NameHint | None, values: list[Any], street: bool
) -> ColumnReport:
    report = ColumnReport(table=table.name, column=column.name, sql_type=column.sql_type)
    profile = _profile(column, hint, values)
    report.sampled = profile.distinct
    report.free_text = profile.is_free_text
    if profile.scanned:
        report.found = {t: round(n / profile.scanned, 2) for t, n in profile.found.most_common()}
        report.special = profile.special
    if hint is not None:
        _by_name(report, hint, profile, street)
    if report.confidence < PERSONAL:
        _by_values(report, profile, table)
    return report


def _profile(column: ColumnInfo, hint: NameHint | None, values: list[Any]) -> ValueProfile:
    if column.kind in (Kind.BOOLEAN, Kind.DATE, Kind.DATETIME, Kind.BINARY):
        return profile_values(values, (), detect=False)
    tests: tuple[str, ...] = TEXT_TESTS if column.kind is not Kind.NUMBER else ()
    if hint and hint.rule.check:
        tests = tuple(dict.fromkeys((*tests, hint.rule.check)))
    unexplained = hint is None or hint.rule.category is None
    return profile_values(values, tests, detect=unexplained or is_free_text_name(column.name))


def _by_name(report: ColumnReport, hint: NameHint, profile: ValueProfile, street: bool) -> None:
    rule = hint.rule
    category = rule.category
    if rule.locality:
        if not street and hint.phrase in WEAK_LOCALITY:
            return
        category = ADDRESS if street else LOCATION
    said = f'name "{hint.phrase}"'
    if rule.check is None or profile.distinct < MIN_EVIDENCE:
        confidence = 0.45 if rule.check and hint.is_generic else rule.strength
        reason = said if profile.distinct else f"{said}; no values sampled"
    else:
        share, label = profile.share(rule.check), LABELS.get(rule.check, rule.check)
        of = f"{share:.0%} of {profile.distinct} values are {label}"
        if share >= 0.5:
            confidence, reason = min(0.99, 0.9 + 0.09 * share), f"{said} and {of}"
        elif share >= 0.1:
            confidence, reason = rule.strength * 0.8, f"{said}, but only {of}"
        elif hint.is_generic:
            return
        else:
            confidence, reason = 0.35, f"{said}, but {of}"
    report.category, report.confidence = category, round(confidence, 2)
    report.reasons.append(reason)
    if rule.identity and not is_someone_else(report.column):
        report.identity = rule.identity
    if rule.special and rule.special not in report.special:
        report.special = sorted([*report.special, rule.special])


def _by_values(report: ColumnReport, profile: ValueProfile, table: TableInfo) -> None:
    for test, least, category, identity in BY_VALUES:
        share = profile.share(test)
        if share >= least:
            _set(report, category, 0.6 + 0.35 * share, f"{share:.0%} of values are {LABELS[test]}")
            report.identity = identity
            return
    if profile.scanned == 0 or not profile.found:
        return
    summary = ", ".join(
        f"{t} in {n / profile.scanned:.0%}" for t, n in profile.found.most_common(4)
    )
    if profile.is_free_text:
        reach = profile.with_findings / profile.scanned
        why = f"free text: {summary} of {profile.scanned} values"
        _set(report, free_text_category(table.name), 0.55 + 0.4 * min(1.0, 2 * reach), why)
        return
    top, count = profile.found.most_common(1)[0]
    if count / profile.scanned >= 0.5:
        share = count / profile.scanned
        _set(report, FINDING_CATEGORIES[top], 0.5 + 0.4 * share, f"values: {summary}")


def _set(report: ColumnReport, category: str, confidence: float, reason: str) -> None:
    """Values overrule a name they contradicted: its category, identity and reason go."""
    report.category, report.confidence = category, round(min(confidence, 0.95), 2)
    report.identity = None
    report.reasons = [reason]


def _identities_of_keys(
    reports: dict[tuple[str, str], ColumnReport],
    tables: Sequence[TableInfo],
    references: Sequence[ReferenceReport],
) -> None:
    """A table's key takes the identity of the columns that refer to it: `erp_contacts.id` is
    the contact_id that orders, tickets and sessions use."""
    keys = {t.name: t.primary_key for t in tables}
    for reference in references:
        source = reports.get((reference.table, reference.fields[0]))
        target = reports.get((reference.to, reference.to_fields[0]))
        is_whole_key = keys.get(reference.to) == tuple(reference.to_fields)
        if len(reference.fields) != 1 or not is_whole_key or source is None or target is None:
            continue
        if source.identity and not target.identity:
            target.identity = source.identity
            target.confidence = max(target.confidence, 0.7)
            target.reasons.append(f"referred to as {source.identity} by {reference.table}")


def _tables_about_people(
    tables: Sequence[TableInfo],
    reports: dict[tuple[str, str], ColumnReport],
    references: Sequence[ReferenceReport],
) -> set[str]:
    """Tables with an identity or a person's name or contact, and tables that refer to them."""
    people = {
        table
        for (table, _), r in reports.items()
        if r.confidence >= 0.5 and (r.identity or r.category in PEOPLE_CATEGORIES)
    }
    grown = True
    while grown:
        grown = False
        for reference in references:
            if reference.to in people and reference.table not in people:
                people.add(reference.table)
                grown = True
    return people & {t.name for t in tables}


def _associate(
    table: TableInfo,
    reports: dict[tuple[str, str], ColumnReport],
    referring: dict[tuple[str, str], ReferenceReport],
) -> None:
    """Columns that describe the people of a table are personal data about them (GDPR Art.
    4(1): information relating to an identified person), however plain their values."""
    category = table_category(table.name)
    for column in table.columns:
        report = reports[(table.name, column.name)]
        if report.confidence >= PERSONAL or (table.name, column.name) in referring:
            continue
        if not describes_person(column, table, category):
            continue
        report.category, report.confidence = category, ASSOCIATED
        report.reasons.append(f"describes the people of {table.name}")


def describes_person(column: ColumnInfo, table: TableInfo, category: str) -> bool:
    """Descriptive columns: not keys, flags, record numbers or bookkeeping (status, currency,
    created_at); dates only where they record a choice (when someone opted in)."""
    tokens = words(column.name)
    if not tokens or column.name in table.primary_key or set(tokens) & TECHNICAL:
        return False
    if tokens[-1] in KEY_SUFFIXES | {"code", "uuid", "guid"}:
        return False
    if column.kind in (Kind.DATE, Kind.DATETIME):
        return category == PREFERENCES
    if column.kind is Kind.NUMBER:
        return bool(set(tokens) & SCORES)
    return column.kind in (Kind.TEXT, Kind.OTHER)
