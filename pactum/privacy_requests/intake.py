"""Intake rules: which request type was asked for, and which jurisdiction's rules apply to it."""

from __future__ import annotations

from pactum.errors import Invalid
from pactum.policy.document import Jurisdiction, Policy, RightType

# EU member states, and the EEA (the EU plus Iceland, Liechtenstein and Norway), by ISO code.
EU = frozenset((
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
))  # fmt: skip
EEA = EU | {"IS", "LI", "NO"}


def parse_type(raw: str) -> RightType:
    try:
        return RightType(raw.strip().lower())
    except ValueError:
        raise Invalid(
            f"{raw!r} is not a request type",
            where="type",
            fix=f"use one of {', '.join(t.value for t in RightType)}",
        ) from None


def resolve_jurisdiction(
    policy: Policy, *, jurisdiction: str | None = None, region: str | None = None
) -> Jurisdiction:
    """The jurisdiction named; or the best one for a region code; or the policy's default."""
    if jurisdiction:
        found = policy.jurisdiction(jurisdiction)
        if found is None:
            known = ", ".join(j.id for j in policy.jurisdictions)
            raise Invalid(
                f"the policy has no jurisdiction {jurisdiction!r}",
                where="jurisdiction",
                fix=f"use one of {known}, or give --region instead",
            )
        return found
    if region:
        best = _best_for_region(policy, region.strip().upper())
        if best is not None:
            return best
    return default_jurisdiction(policy)


def default_jurisdiction(policy: Policy) -> Jurisdiction:
    """The jurisdiction for everyone else (`*`), or the policy's first one."""
    wildcard = next((j for j in policy.jurisdictions if "*" in j.regions), None)
    return wildcard or policy.jurisdictions[0]


def _best_for_region(policy: Policy, region: str) -> Jurisdiction | None:
    country = region.partition("-")[0]
    ranked: list[tuple[int, int, Jurisdiction]] = []
    for index, candidate in enumerate(policy.jurisdictions):
        rank = _match_rank(candidate.regions, region, country)
        if rank is not None:
            ranked.append((rank, index, candidate))
    return min(ranked, key=lambda item: item[:2])[2] if ranked else None


def _match_rank(regions: list[str], region: str, country: str) -> int | None:
    """0: the exact subdivision; 1: its country; 2: the EU or EEA; 3: `*`. None: no match."""
    if region in regions:
        return 0
    if country in regions:
        return 1
    if ("EU" in regions and country in EU) or ("EEA" in regions and country in EEA):
        return 2
    return 3 if "*" in regions else None


def require_right(jurisdiction: Jurisdiction, right: RightType) -> None:
    """A right the jurisdiction does not offer is refused, saying which ones it does offer."""
    if right not in jurisdiction.rights:
        offered = ", ".join(r.value for r in jurisdiction.rights)
        raise Invalid(
            f"{jurisdiction.name} ({jurisdiction.id}) does not offer the right {right.value!r}",
            where="type",
            fix=f"its rights are: {offered}; or name another jurisdiction",
        )
