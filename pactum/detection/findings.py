"""What the detector reports: a typed span of personal data, and how overlapping spans are resolved."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class FindingType(StrEnum):
    """The fixed names of what the detector finds; special categories follow GDPR Art. 9(1)."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    CREDIT_CARD = "CREDIT_CARD"
    IBAN = "IBAN"
    US_SSN = "US_SSN"
    IP_ADDRESS = "IP_ADDRESS"
    URL = "URL"
    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    HEALTH = "HEALTH"
    RELIGION = "RELIGION"
    ETHNICITY = "ETHNICITY"
    POLITICAL = "POLITICAL"
    CRIMINAL = "CRIMINAL"
    UNION = "UNION"
    SEXUAL_ORIENTATION = "SEXUAL_ORIENTATION"


SPECIAL_CATEGORIES: frozenset[FindingType] = frozenset(
    {
        FindingType.HEALTH,
        FindingType.RELIGION,
        FindingType.ETHNICITY,
        FindingType.POLITICAL,
        FindingType.CRIMINAL,
        FindingType.UNION,
        FindingType.SEXUAL_ORIENTATION,
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A span `text[start:end]` that holds personal data of one type.

    The matched text is not kept unless the detector was asked to (`keep_text=True`): callers slice
    the text they already hold, so findings can be logged or stored without copying personal data.
    """

    type: FindingType
    start: int
    end: int
    score: float
    reason: str
    text: str | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return self.end - self.start

    def shifted(self, offset: int) -> Finding:
        """The same finding with offsets moved, for text scanned in windows."""
        return Finding(
            self.type, self.start + offset, self.end + offset, self.score, self.reason, self.text
        )

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep a non-overlapping subset, in text order: higher score wins, then the longer span.

    Ties after that fall to the earlier start and then the type name, so the result never depends
    on the order in which the detector's families ran.
    """
    # `f.type` is a str enum: it sorts as its name, and `.value` would cost a property call.
    ranked = sorted(findings, key=_rank)
    if len(ranked) < 2:
        return ranked
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        at = bisect.bisect_right(starts, finding.start)
        if at > 0 and kept[at - 1].end > finding.start:
            continue
        if at < len(kept) and kept[at].start < finding.end:
            continue
        starts.insert(at, finding.start)
        kept.insert(at, finding)
    return kept


def _rank(finding: Finding) -> tuple[float, int, int, str]:
    return (-finding.score, finding.start - finding.end, finding.start, finding.type)
