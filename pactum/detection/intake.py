"""The intake guard: refuse special categories of data that a form says it does not want."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pactum.detection.detector import Detector
from pactum.detection.findings import Finding, FindingType
from pactum.errors import Invalid

# The lower-case names a form's configuration uses, and how a person reads each of them.
REFUSABLE: dict[str, FindingType] = {
    "health": FindingType.HEALTH,
    "religion": FindingType.RELIGION,
    "ethnicity": FindingType.ETHNICITY,
    "political": FindingType.POLITICAL,
    "criminal": FindingType.CRIMINAL,
    "union": FindingType.UNION,
    "sexual_orientation": FindingType.SEXUAL_ORIENTATION,
}
DESCRIPTIONS: dict[FindingType, str] = {
    FindingType.HEALTH: "health information",
    FindingType.RELIGION: "information about religion or beliefs",
    FindingType.ETHNICITY: "information about ethnic origin",
    FindingType.POLITICAL: "political opinions",
    FindingType.CRIMINAL: "information about criminal records",
    FindingType.UNION: "trade-union membership",
    FindingType.SEXUAL_ORIENTATION: "information about sexual orientation",
}
# A quote longer than this is cut: the message must not echo the person's data back at length.
LONGEST_QUOTE = 30
MOST_PARTS = 3


class SensitiveContent(Invalid):
    """Text holds special categories of data that this intake refuses (HTTP 422, exit code 2)."""

    def __init__(self, message: str, findings: Sequence[Finding]) -> None:
        super().__init__(message, fix="remove those parts and send the text again")
        self.findings = list(findings)


def refused_types(refused: Collection[str]) -> frozenset[FindingType]:
    unknown = sorted(set(refused) - set(REFUSABLE))
    if unknown:
        raise Invalid(
            f"unknown special categories: {', '.join(unknown)}",
            fix=f"use some of: {', '.join(REFUSABLE)}",
        )
    return frozenset(REFUSABLE[name] for name in refused)


def screen_intake(
    text: str, refused: Collection[str], *, detector: Detector | None = None
) -> list[Finding]:
    """Findings of the refused categories in `text` (empty when the text may be accepted)."""
    types = refused_types(refused)
    if not types:
        return []
    found = (detector or Detector(types=types)).detect(text)
    return [f for f in found if f.type in types]


def check_intake(text: str, refused: Collection[str]) -> None:
    """Raise SensitiveContent, with a message for the person who wrote `text`, when it is refused."""
    findings = screen_intake(text, refused)
    if findings:
        raise SensitiveContent(intake_message(text, findings), findings)


def intake_message(text: str, findings: Sequence[Finding]) -> str:
    """'Please don't send us health information: remove the part about "diabetes" (characters
    40–47).' Character numbers count from 1, as a person would."""
    kinds: list[str] = []
    for finding in findings:
        description = DESCRIPTIONS.get(finding.type, finding.type.value.lower())
        if description not in kinds:
            kinds.append(description)
    parts = [
        f'"{_quote(text[f.start : f.end])}" (characters {f.start + 1}–{f.end})'
        for f in findings[:MOST_PARTS]
    ]
    more = len(findings) - MOST_PARTS
    if more > 0:
        parts.append(f"{more} more")
    part_word = "the part about" if len(findings) == 1 else "the parts about"
    return (
        f"Please don't send us {_joined(kinds, 'or')}: remove {part_word} {_joined(parts, 'and')}."
    )


def _quote(snippet: str) -> str:
    snippet = " ".join(snippet.split())
    return snippet if len(snippet) <= LONGEST_QUOTE else snippet[: LONGEST_QUOTE - 1] + "…"


def _joined(items: Sequence[str], word: str) -> str:
    if len(items) < 3:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
