"""The answer a person gets when their request completes, from what the steps found and did."""

from __future__ import annotations

from typing import Any

from pactum.policy.document import Policy, RightType
from pactum.privacy_requests.disclosure import DisclosureReport, report_text


def answer_text(policy: Policy, right: RightType, result: dict[str, Any]) -> str:
    names = {c.id: c.name for c in policy.categories}
    if right is RightType.CONFIRM:
        held = [names.get(c, c) for c in result.get("categories", [])]
        if not held:
            return "We do not hold personal information about you."
        where = result.get("countries", [])
        text = "We hold personal information about you in these categories: " + ", ".join(held)
        if where:
            text += (
                "\nIt is held in systems located in: " + ", ".join(where) + " (ISO country codes)."
            )
        return text
    if right is RightType.DISCLOSURE_REPORT:
        return report_text(DisclosureReport.model_validate(result["report"]))
    if right is RightType.DELETE:
        return _deletion_text(result)
    if right is RightType.CORRECT:
        changed = ", ".join(names.get(c, c) for c in result.get("corrected", []))
        return f"We corrected your {changed or 'data'} wherever we hold it." + _recipients(result)
    purposes = [p.name for p in policy.purposes if p.id in result.get("purposes", [])]
    verb = {
        RightType.RESTRICT: "We restricted the use of your personal information for",
        RightType.OBJECT: "We stopped using your personal information for",
        RightType.WITHDRAW_CONSENT: "We recorded the withdrawal of your consent to",
        RightType.OPT_OUT: "We no longer sell or share your personal information for",
    }.get(right, "We completed your request for")
    return f"{verb}: {', '.join(purposes) or 'the purposes you named'}." + _recipients(result)


def _deletion_text(result: dict[str, Any]) -> str:
    proof = result.get("proof", {})
    lines = [f"We deleted your personal information from {proof.get('systems', 0)} system(s)."]
    for kept in proof.get("kept", []):
        lines.append(
            f"We must keep {kept['field']} under {kept['obligation']} for {kept['keep_for']}."
        )
    return "\n".join(lines) + _recipients(result)


def _recipients(result: dict[str, Any]) -> str:
    told = result.get("recipients_told", [])
    return f"\nWe passed this on to: {', '.join(told)}." if told else ""
