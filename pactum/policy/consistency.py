"""Cross-references inside a policy: every identifier named must be declared, and declared once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pactum.policy import taxonomy
from pactum.policy.document import (
    BodyKind,
    BodyScope,
    ChoiceRule,
    LegalBasis,
    Mechanism,
    Policy,
    RecipientRole,
    RightType,
    Sensitivity,
)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Inconsistency:
    path: Path
    what: str
    fix: str


def find_inconsistencies(policy: Policy) -> list[Inconsistency]:
    return [
        *_duplicates(policy),
        *_taxonomy(policy),
        *_references(policy),
        *_meaning(policy),
        *_deadlines(policy),
        *_choices(policy),
        *_trackers(policy),
        *_transfers(policy),
        *_recourse(policy),
    ]


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
    known_subjects = taxonomy.data_subject_keys()
    for index, purpose in enumerate(policy.purposes):
        for position, subject in enumerate(purpose.subjects):
            if subject not in known_subjects:
                yield Inconsistency(
                    ("purposes", index, "subjects", position),
                    f"{subject!r} is not a fideslang data subject",
                    taxonomy.suggest(subject, known_subjects),
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


def _deadlines(policy: Policy) -> Iterator[Inconsistency]:
    for i, jurisdiction in enumerate(policy.jurisdictions):
        offered = set(jurisdiction.rights)
        named: list[tuple[Path, Iterable[RightType]]] = [
            (("respond_within_by_type",), jurisdiction.respond_within_by_type),
            (("verification", "by_type"), jurisdiction.verification.by_type),
        ]
        for field, by_type in named:
            for right in by_type:
                if right not in offered:
                    yield Inconsistency(
                        ("jurisdictions", i, *field, right.value),
                        f"jurisdiction {jurisdiction.id!r} sets a rule for {right.value!r} "
                        "but does not offer that right",
                        f"add {right.value!r} to its `rights:` or remove the rule",
                    )


def _choices(policy: Policy) -> Iterator[Inconsistency]:
    for i, purpose in enumerate(policy.purposes):
        is_opt_out = purpose.legal_basis is LegalBasis.LEGITIMATE_INTEREST
        if purpose.marketing and is_opt_out and not purpose.choice_channels:
            yield Inconsistency(
                ("purposes", i, "choice_channels"),
                f"marketing purpose {purpose.id!r} runs on opt-out but names no way to opt out",
                "list its `choice_channels:`, e.g. [unsubscribe_link, email]",
            )
    if not policy.choices.honour_gpc:
        for i, purpose in enumerate(policy.purposes):
            if purpose.sale_or_share:
                # 11 CCR 7025: an opt-out preference signal must be honoured where data is
                # sold or shared.
                yield Inconsistency(
                    ("purposes", i, "sale_or_share"),
                    f"purpose {purpose.id!r} sells or shares data but GPC is not honoured",
                    "set `choices: honour_gpc: true` (11 CCR 7025)",
                )
    if policy.choices.sensitive_sharing is ChoiceRule.OPT_IN:
        return
    special = {c.id for c in policy.categories if c.sensitivity is Sensitivity.SPECIAL}
    third_parties = {RecipientRole.PARTNER, RecipientRole.AFFILIATE}
    for i, recipient in enumerate(policy.recipients):
        shared = sorted(special.intersection(recipient.categories))
        if recipient.role in third_parties and shared:
            yield Inconsistency(
                ("recipients", i, "categories"),
                f"special-category data {shared} goes to {recipient.id!r} without opt-in",
                "set `choices: sensitive_sharing: opt_in` or stop sharing it",
            )


def _trackers(policy: Policy) -> Iterator[Inconsistency]:
    purposes = {p.id: p for p in policy.purposes}
    cookie_categories = {c.id: c for c in policy.cookies.categories}
    for i, cookie_category in enumerate(policy.cookies.categories):
        selling = [p for p in cookie_category.purposes if p in purposes and _sells(policy, p)]
        if cookie_category.required and selling:
            yield Inconsistency(
                ("cookies", "categories", i, "required"),
                f"cookie category {cookie_category.id!r} serves {selling[0]!r}, which sells or "
                "shares data, so it cannot be strictly necessary",
                "set `required: false` and move the necessary cookies to another category",
            )
    for i, tracker in enumerate(policy.cookies.trackers):
        path: Path = ("cookies", "trackers", i)
        if tracker.session_only and tracker.expires is not None:
            yield Inconsistency(
                (*path, "expires"),
                f"tracker {tracker.name!r} is session-only but also expires after {tracker.expires}",
                "remove `expires:` or `session_only:`",
            )
        owner = cookie_categories.get(tracker.category)
        if owner is None or tracker.provider.lower() == "first party":
            continue
        advertising = [p for p in owner.purposes if _advertises(policy, p)]
        if advertising and not any(_sells(policy, p) for p in owner.purposes):
            # A third party's tag used for cross-context behavioural advertising is "sharing"
            # (Civ. Code 1798.140(ah)), whatever the policy says about selling.
            yield Inconsistency(
                (*path, "provider"),
                f"{tracker.provider}'s {tracker.kind} {tracker.name!r} serves advertising "
                f"({advertising[0]!r}), which counts as sharing under the CPRA",
                f"mark purpose {advertising[0]!r} `sale_or_share: true` or remove the tracker",
            )


def _sells(policy: Policy, purpose_id: str) -> bool:
    purpose = policy.purpose(purpose_id)
    return purpose is not None and purpose.sale_or_share


def _advertises(policy: Policy, purpose_id: str) -> bool:
    purpose = policy.purpose(purpose_id)
    return purpose is not None and (purpose.data_use or "").startswith("marketing.advertising")


def _transfers(policy: Policy) -> Iterator[Inconsistency]:
    for i, transfer in enumerate(policy.transfers):
        for position, framework in enumerate(transfer.frameworks):
            if "privacy shield" in framework.lower():
                yield Inconsistency(
                    ("transfers", i, "frameworks", position),
                    f"{framework!r} is no longer a transfer mechanism: the CJEU invalidated "
                    "Privacy Shield on 16 July 2020 (C-311/18, Schrems II)",
                    "use the EU-U.S. Data Privacy Framework (`mechanism: dpf`, adequacy "
                    "decision of 10 July 2023) or standard contractual clauses",
                )
        if transfer.mechanism is Mechanism.DPF and not transfer.enforcement_authority:
            yield Inconsistency(
                ("transfers", i, "enforcement_authority"),
                f"DPF transfer {transfer.id!r} does not name its enforcement authority",
                "add `enforcement_authority:` (the FTC or the Department of Transportation)",
            )


def _recourse(policy: Policy) -> Iterator[Inconsistency]:
    bodies = policy.dispute_resolution
    for i, body in enumerate(bodies):
        others = [other for other in bodies if other is not body]
        earlier = [other.id for other in others if other.order < body.order]
        if body.kind is BodyKind.ARBITRATION and any(o.order >= body.order for o in others):
            yield Inconsistency(
                ("dispute_resolution", i, "order"),
                f"arbitration {body.id!r} must be the last step, after every other body",
                "give it the highest `order:`",
            )
        if body.kind is BodyKind.COMPANY and earlier:
            yield Inconsistency(
                ("dispute_resolution", i, "order"),
                f"{earlier[0]!r} comes before the company itself ({body.id!r})",
                "give the company `order: 1`; people contact it first",
            )
    if not any(t.mechanism is Mechanism.DPF for t in policy.transfers):
        return
    yield from _dpf_recourse(policy)


def _dpf_recourse(policy: Policy) -> Iterator[Inconsistency]:
    bodies = policy.dispute_resolution
    independent = {BodyKind.IRM, BodyKind.DPA_PANEL}
    if not any(b.kind in independent and b.scope is not BodyScope.HR for b in bodies):
        yield Inconsistency(
            ("dispute_resolution",),
            "a DPF participant must name an independent recourse mechanism, free of charge",
            "add a body with `kind: irm` (or `dpa_panel`) and `scope: general`",
        )
    if not any(b.kind is BodyKind.ARBITRATION for b in bodies):
        yield Inconsistency(
            ("dispute_resolution",),
            "a DPF participant must offer binding arbitration for residual claims (Annex I)",
            "add a body with `kind: arbitration` as the last step",
        )
    for i, body in enumerate(bodies):
        if body.kind is BodyKind.IRM and body.scope is not BodyScope.GENERAL:
            # HR data: the participant must cooperate with the EU DPA panel (or the FDPIC, the
            # ICO); a private recourse mechanism may not hear those complaints.
            yield Inconsistency(
                ("dispute_resolution", i, "scope"),
                f"independent recourse mechanism {body.id!r} would hear HR-data complaints",
                "set `scope: general` and route HR data to a `dpa_panel` or `authority` body",
            )
