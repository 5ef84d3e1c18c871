"""The intake guard on public forms: refuse free text that carries what the policy says not to send."""

from __future__ import annotations

from pactum.detection.intake import intake_message, screen_intake
from pactum.policy.document import Policy


def refusal(text: str, policy: Policy) -> str | None:
    """The message to show next to the field, or None when the text may be kept.

    Detection's `screen_intake` finds the refused categories; its message quotes only a short
    piece of the text, so the page never echoes the person's sensitive data back at length.
    """
    if not policy.intake.refuse or not text.strip():
        return None
    findings = screen_intake(text, [c.value for c in policy.intake.refuse])
    if not findings:
        return None
    return f"{policy.intake.message} {intake_message(text, findings)}"
