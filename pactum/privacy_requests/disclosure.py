"""California's disclosure report (Civil Code 1798.83): who got data for their direct marketing."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from pactum.policy.document import Policy


class MarketingRecipient(BaseModel):
    name: str
    address: list[str]
    business: str
    categories: list[str]


class DisclosureReport(BaseModel):
    """For the calendar year before the request (1798.83(a)); from the policy's declaration."""

    year: int
    categories: list[str]
    recipients: list[MarketingRecipient]
    source: str = "the published privacy policy's recipients marked for direct marketing"


def disclosure_report(policy: Policy, received: datetime) -> DisclosureReport:
    """The categories shared for third parties' direct marketing, and those parties' addresses.

    Until a ledger of actual disclosures exists, the policy's declaration is the record: a
    recipient with `direct_marketing: true` is reported with the categories it is declared to
    receive (see docs/decisions/0022-disclosure-report-from-the-policy.md).
    """
    names = {c.id: c.name for c in policy.categories}
    recipients = [
        MarketingRecipient(
            name=r.name,
            address=list(r.address),
            business=r.business,
            categories=[names.get(c, c) for c in r.categories],
        )
        for r in policy.recipients
        if r.direct_marketing
    ]
    categories = sorted({c for r in recipients for c in r.categories})
    return DisclosureReport(year=received.year - 1, categories=categories, recipients=recipients)


def report_text(report: DisclosureReport) -> str:
    if not report.recipients:
        return (
            f"In {report.year} we did not share personal information with third parties "
            "for their direct marketing purposes."
        )
    lines = [
        f"In {report.year} we shared these categories of personal information with third "
        f"parties for their direct marketing: {', '.join(report.categories)}.",
        "",
        "The third parties:",
    ]
    for recipient in report.recipients:
        address = ", ".join(recipient.address)
        business = f" ({recipient.business})" if recipient.business else ""
        lines.append(f"- {recipient.name}{business}, {address}: {', '.join(recipient.categories)}")
    return "\n".join(lines)
