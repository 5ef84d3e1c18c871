"""The rules of the check as pure code: what the policy says about a purpose, applied to the facts."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pactum.consent.models import Channel, State
from pactum.consent.schemas import Decision
from pactum.errors import Invalid
from pactum.policy.document import (
    ChoiceRule,
    LegalBasis,
    Policy,
    Purpose,
    RecipientRole,
    Sensitivity,
)

# Disclosures to these recipients are "sharing"; processors act on our instructions and are not.
_THIRD_PARTIES = {RecipientRole.PARTNER, RecipientRole.AFFILIATE}
_TARGETED_ADVERTISING = "marketing.advertising"  # fideslang data uses under this key


@dataclass(frozen=True, slots=True)
class Facts:
    """What the ledger knows about one person and one purpose (all None: an unknown person)."""

    person_id: int | None = None
    state: State | None = None
    event_id: int | None = None
    channel: Channel | None = None
    state_at: datetime | None = None
    restricted_by: str | None = None
    birth_date: date | None = None
    first_seen_at: datetime | None = None


UNKNOWN_PERSON = Facts()


@dataclass(frozen=True)
class PurposeRule:
    """One purpose of the policy and what its checks need, computed once per policy."""

    purpose: Purpose
    sensitive_sharing: bool
    third_party_sharing: bool
    minimum_age: int | None
    new_purpose: ChoiceRule
    third_party_choice: ChoiceRule
    sensitive_choice: ChoiceRule


def purpose_rule(policy: Policy, purpose_id: str) -> PurposeRule:
    """The rule for a purpose of the policy; an unknown purpose is invalid input."""
    purpose = policy.purpose(purpose_id)
    if purpose is None:
        known = ", ".join(p.id for p in policy.purposes)
        raise Invalid(
            f"{purpose_id!r} is not a purpose of the policy in force",
            where="purpose",
            fix=f"use one of: {known}",
        )
    sensitive = any(
        (c := policy.category(cid)) is not None
        and (c.sensitivity is not Sensitivity.STANDARD or c.special is not None)
        for cid in purpose.categories
    )
    shared = any(r.role in _THIRD_PARTIES and purpose.id in r.purposes for r in policy.recipients)
    return PurposeRule(
        purpose=purpose,
        sensitive_sharing=sensitive and (purpose.sale_or_share or shared),
        third_party_sharing=shared,
        minimum_age=policy.minimum_age,
        new_purpose=policy.choices.new_purpose,
        third_party_choice=policy.choices.third_party_sharing,
        sensitive_choice=policy.choices.sensitive_sharing,
    )


def gpc_purposes(policy: Policy) -> list[Purpose]:
    """Purposes a Global Privacy Control signal opts out of: sale, sharing, targeted advertising."""
    if not policy.choices.honour_gpc:
        return []
    return [
        p
        for p in policy.purposes
        if not p.transactional
        and (p.sale_or_share or (p.data_use or "").startswith(_TARGETED_ADVERTISING))
    ]


@dataclass(frozen=True)
class PolicyTimeline:
    """Which purposes each published version declared, by publication time."""

    moments: tuple[datetime, ...]
    purposes: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, versions: Iterable[tuple[datetime, frozenset[str]]]) -> PolicyTimeline:
        ordered = sorted(versions, key=lambda v: v[0])
        return cls(tuple(v[0] for v in ordered), tuple(v[1] for v in ordered))

    def varies(self, purpose_id: str) -> bool:
        """Did some versions declare the purpose and others not?"""
        return len({purpose_id in declared for declared in self.purposes}) > 1

    def declared_at(self, moment: datetime | None, purpose_id: str) -> bool | None:
        """Was the purpose declared by the version in force at `moment`? None: nothing to say.

        Data collected before the first version is judged by the first version: Pactum cannot
        know what people were told before it existed, and the first version is what it enforces.
        """
        if moment is None or not self.moments:
            return None
        index = max(bisect.bisect_right(self.moments, moment) - 1, 0)
        return purpose_id in self.purposes[index]


def age_on(birth_date: date, today: date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


@dataclass(frozen=True, slots=True)
class _Case:
    rule: PurposeRule
    facts: Facts
    declared: bool | None
    now: datetime

    @property
    def granted(self) -> bool:
        return self.facts.state is State.GRANTED

    @property
    def opted_out(self) -> bool:
        return self.facts.state is not None and self.facts.state.is_opt_out


def decide(rule: PurposeRule, facts: Facts, *, declared: bool | None, now: datetime) -> Decision:
    """Apply the policy's rules, most specific first; `declared`: see PolicyTimeline.declared_at."""
    case = _Case(rule, facts, declared, now)
    for check in _RULES:
        decision = check(case)
        if decision is not None:
            return decision
    return _by_basis(case)


def _restriction(case: _Case) -> Decision | None:
    if case.facts.restricted_by is None:
        return None
    return _no("restriction", f"restricted by privacy request {case.facts.restricted_by}")


def _minimum_age(case: _Case) -> Decision | None:
    minimum, born = case.rule.minimum_age, case.facts.birth_date
    if minimum is None or born is None or age_on(born, case.now.date()) >= minimum:
        return None
    return _no("minimum_age", f"the person is under the minimum age of {minimum}")


def _transactional(case: _Case) -> Decision | None:
    if not case.rule.purpose.transactional:
        return None
    return Decision(allowed=True, rule="transactional", reason="transactional messages are exempt")


def _sensitive_sharing(case: _Case) -> Decision | None:
    if not case.rule.sensitive_sharing or case.rule.sensitive_choice is not ChoiceRule.OPT_IN:
        return None
    # An imported list proves a newsletter sign-up at best, never this opt-in.
    if case.granted and case.facts.channel is not Channel.IMPORT:
        return _yes("explicit_opt_in", "explicit opt-in to sharing sensitive data", case.facts)
    return _no("explicit_opt_in", "sharing sensitive data needs an explicit opt-in", case.facts)


def _opt_out(case: _Case) -> Decision | None:
    purpose = case.rule.purpose
    if not case.opted_out:
        return None
    if purpose.sale_or_share or purpose.marketing or case.rule.third_party_sharing:
        return _no("opt_out", "the person opted out", case.facts)
    return None


def _third_party_opt_in(case: _Case) -> Decision | None:
    rule = case.rule
    if (
        rule.third_party_sharing
        and rule.third_party_choice is ChoiceRule.OPT_IN
        and not case.granted
    ):
        return _no("opt_in", "sharing with third parties needs an opt-in", case.facts)
    return None


def _new_purpose(case: _Case) -> Decision | None:
    if case.declared is not False or case.rule.new_purpose is ChoiceRule.NONE:
        return None
    if case.rule.new_purpose is ChoiceRule.OPT_IN and not case.granted:
        return _no(
            "new_purpose", "not declared when the data was collected: needs consent", case.facts
        )
    if case.opted_out:
        return _no("new_purpose", "not declared when the data was collected; opted out", case.facts)
    return None


_RULES = (
    _restriction,
    _minimum_age,
    _transactional,
    _sensitive_sharing,
    _opt_out,
    _third_party_opt_in,
    _new_purpose,
)


def _by_basis(case: _Case) -> Decision:
    facts, basis = case.facts, case.rule.purpose.legal_basis
    if basis is LegalBasis.CONSENT:
        if case.granted:
            return _yes("consent", "consent given", facts)
        return _no(
            "consent", "no consent on record" if facts.state is None else "no consent", facts
        )
    if basis is LegalBasis.LEGITIMATE_INTEREST:
        if case.opted_out:
            return _no("objection", "the person objected", facts)
        return _yes("legitimate_interest", "legitimate interest, no objection on record", facts)
    return _yes(basis.value, f"legal basis: {basis.value.replace('_', ' ')}", facts)


def _yes(rule: str, reason: str, facts: Facts | None = None) -> Decision:
    return Decision(allowed=True, rule=rule, reason=reason + _said(facts), event_id=_event(facts))


def _no(rule: str, reason: str, facts: Facts | None = None) -> Decision:
    return Decision(allowed=False, rule=rule, reason=reason + _said(facts), event_id=_event(facts))


def _event(facts: Facts | None) -> int | None:
    return facts.event_id if facts is not None else None


def _said(facts: Facts | None) -> str:
    if facts is None or facts.state is None or facts.state_at is None or facts.channel is None:
        return ""
    return (
        f" ({facts.state.value} via {facts.channel.value} on {facts.state_at:%Y-%m-%d}, "
        f"event {facts.event_id})"
    )
