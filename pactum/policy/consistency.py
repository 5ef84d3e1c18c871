"""Cross-references inside a policy: every identifier named must be declared, and declared once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pactum.policy import taxonomy
from pactum.policy.document import Policy, Sensitivity

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Inconsistency:
    path: Path
    what: str
    fix: str


def find_inconsistencies(policy: Policy) -> list[Inconsistency]:
    return [*_duplicates(policy), *_taxonomy(policy), *_references(policy), *_meaning(policy)]


def _duplicates(policy: Policy) -> Iterator[Inconsistency]:
    sections: dict[str, Sequence[object]] = {
        "categories": policy.categories,
        "sources": policy.sources,
        "purposes": policy.purposes,
        "retention": policy.retention,
        "recipients": policy.recipients,
        "transfers": policy.transfers,
        "jurisdictions": policy.jurisdictions,
        "decline_grounds": policy.decline_grounds,
        "dispute_resolution": policy.dispute_resolution,
    }
    for section, items in sections.items():
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            identifier = str(getattr(item, "id", ""))
            if identifier in seen:
                yield Inconsistency(
                    (section, index, "id"),
                    f"duplicate id {identifier!r} in {section} (first at item {seen[identifier]})",
                    "give each item its own id",
                )
            seen.setdefault(identifier, index)


def _taxonomy(policy: Policy) -> Iterator[Inconsistency]:
    known_categories = taxonomy.category_keys()
    for index, category in enumerate(policy.categories):
        if taxonomy.is_taxonomy_key(category.id) and category.id not in known_categories:
            yield Inconsistency(
                ("categories", index, "id"),
                f"{category.id!r} is not a fideslang data category",
                taxonomy.suggest(category.id, known_categories),
            )
    known_uses = taxonomy.data_use_keys()
    for index, purpose in enumerate(policy.purposes):
        for field, key in (("id", purpose.id), ("data_use", purpose.data_use)):
            is_dotted_id = field == "id" and taxonomy.is_taxonomy_key(key or "")
            if key and (field == "data_use" or is_dotted_id) and key not in known_uses:
                yield Inconsistency(
                    ("purposes", index, field),
                    f"{key!r} is not a fideslang data use",
                    taxonomy.suggest(key, known_uses),
                )


def _unknown(
    names: Iterable[str], declared: set[str], path: Path, kind: str, section: str
) -> Iterator[Inconsistency]:
    for position, name in enumerate(names):
        if name not in declared:
            yield Inconsistency(
                (*path, position),
                f"{kind} {name!r} is not declared",
                f"declare it under `{section}:` or correct the name",
            )


def _references(policy: Policy) -> Iterator[Inconsistency]:
    categories = {c.id for c in policy.categories}
    purposes = {p.id for p in policy.purposes}
    recipients = {r.id for r in policy.recipients}
    grounds = {g.id for g in policy.decline_grounds}
    for i, purpose in enumerate(policy.purposes):
        path: Path = ("purposes", i, "categories")
        yield from _unknown(purpose.categories, categories, path, "category", "categories")
    for i, rule in enumerate(policy.retention):
        path = ("retention", i, "categories")
        yield from _unknown(rule.categories, categories, path, "category", "categories")
        yield from _unknown(
            rule.purposes, purposes, ("retention", i, "purposes"), "purpose", "purposes"
        )
    for i, recipient in enumerate(policy.recipients):
        path = ("recipients", i, "categories")
        yield from _unknown(recipient.categories, categories, path, "category", "categories")
        path = ("recipients", i, "purposes")
        yield from _unknown(recipient.purposes, purposes, path, "purpose", "purposes")
    for i, source in enumerate(policy.sources):
        path = ("sources", i, "categories")
        yield from _unknown(source.categories, categories, path, "category", "categories")
    for i, transfer in enumerate(policy.transfers):
        path = ("transfers", i, "recipients")
        yield from _unknown(transfer.recipients, recipients, path, "recipient", "recipients")
    for i, jurisdiction in enumerate(policy.jurisdictions):
        path = ("jurisdictions", i, "decline_grounds")
        yield from _unknown(
            jurisdiction.decline_grounds, grounds, path, "decline ground", "decline_grounds"
        )
    cookie_categories = {c.id for c in policy.cookies.categories}
    for i, cookie_category in enumerate(policy.cookies.categories):
        path = ("cookies", "categories", i, "purposes")
        yield from _unknown(cookie_category.purposes, purposes, path, "purpose", "purposes")
    for i, tracker in enumerate(policy.cookies.trackers):
        path = ("cookies", "trackers", i, "category")
        if tracker.category not in cookie_categories:
            yield Inconsistency(
                path,
                f"cookie category {tracker.category!r} is not declared",
                "declare it under `cookies: categories:`",
            )


def _meaning(policy: Policy) -> Iterator[Inconsistency]:
    for i, category in enumerate(policy.categories):
        if category.special and category.sensitivity is not Sensitivity.SPECIAL:
            yield Inconsistency(
                ("categories", i, "sensitivity"),
                f"category {category.id!r} names a special category but is {category.sensitivity}",
                "set `sensitivity: special`",
            )
    for i, purpose in enumerate(policy.purposes):
        if purpose.marketing and purpose.transactional:
            yield Inconsistency(
                ("purposes", i, "transactional"),
                f"purpose {purpose.id!r} is both marketing and transactional",
                "transactional messages carry no marketing; split it into two purposes",
            )
    for i, recipient in enumerate(policy.recipients):
        if recipient.direct_marketing and not recipient.address:
            yield Inconsistency(
                ("recipients", i, "address"),
                f"recipient {recipient.id!r} receives data for direct marketing but has no address",
                "add its postal address: California's disclosure report must name it",
            )
