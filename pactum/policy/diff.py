"""What changed between two policy versions, and which changes matter to the people it covers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pactum.policy.document import ChangeKind, Policy
from pactum.policy.duration import Duration


@dataclass(frozen=True)
class Change:
    path: str
    action: str  # added | removed | changed
    before: Any
    after: Any
    kind: ChangeKind | None = None  # the notice classification, when the change is one

    @property
    def reduces_rights(self) -> bool:
        return self.kind is ChangeKind.RIGHT_REDUCED

    def describe(self) -> str:
        if self.action == "added":
            return f"{self.path}: added {_short(self.after)}"
        if self.action == "removed":
            return f"{self.path}: removed {_short(self.before)}"
        return f"{self.path}: {_short(self.before)} -> {_short(self.after)}"


def diff_policies(old: Policy, new: Policy) -> list[Change]:
    raw = list(_walk(old.model_dump(mode="json"), new.model_dump(mode="json"), ""))
    return [_classify(change) for change in raw]


def significant_changes(changes: list[Change], policy: Policy) -> list[Change]:
    wanted = set(policy.notices.significant)
    return [c for c in changes if c.kind is not None and c.kind in wanted]


def _walk(before: Any, after: Any, path: str) -> Iterator[Change]:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            sub = f"{path}.{key}" if path else key
            if key not in after:
                yield Change(sub, "removed", before[key], None)
            elif key not in before:
                yield Change(sub, "added", None, after[key])
            else:
                yield from _walk(before[key], after[key], sub)
    elif isinstance(before, list) and isinstance(after, list) and _keyed(before + after):
        old = {item["id"]: item for item in before}
        new = {item["id"]: item for item in after}
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}[{key}]"
            if key not in new:
                yield Change(sub, "removed", old[key], None)
            elif key not in old:
                yield Change(sub, "added", None, new[key])
            else:
                yield from _walk(old[key], new[key], sub)
    elif isinstance(before, list) and isinstance(after, list) and _scalars(before + after):
        yield from (Change(path, "removed", v, None) for v in before if v not in after)
        yield from (Change(path, "added", None, v) for v in after if v not in before)
    elif before != after:
        yield Change(path, "changed", before, after)


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def _scalars(items: list[Any]) -> bool:
    return all(not isinstance(i, dict | list) for i in items)


def _classify(change: Change) -> Change:
    section = change.path.split("[")[0].split(".")[0]
    tail = change.path.rsplit(".", 1)[-1]
    kind: ChangeKind | None = None
    added = change.action == "added"
    if added and section == "categories" and change.path[-1] == "]":
        kind = ChangeKind.NEW_CATEGORY
    elif section == "purposes" and (change.path.endswith("]") or tail == "categories") and added:
        kind = ChangeKind.NEW_PURPOSE
    elif section == "recipients" and change.path.endswith("]") and added:
        kind = ChangeKind.NEW_RECIPIENT
    elif section == "transfers" and change.path.endswith("]") and added:
        kind = ChangeKind.NEW_TRANSFER
    elif section == "retention" and tail == "keep_for" and _longer(change):
        kind = ChangeKind.LONGER_RETENTION
    elif section == "jurisdictions":
        kind = _jurisdiction_kind(change, tail)
    elif section == "organization" and change.action != "added":
        kind = ChangeKind.CONTACT_CHANGED
    return Change(change.path, change.action, change.before, change.after, kind)


def _jurisdiction_kind(change: Change, tail: str) -> ChangeKind | None:
    if change.action == "removed" and (tail == "rights" or change.path.endswith("]")):
        return ChangeKind.RIGHT_REDUCED
    if tail in {"respond_within", "acknowledge_within", "opt_out_within"} and _longer(change):
        return ChangeKind.LONGER_DEADLINE
    return None


def _longer(change: Change) -> bool:
    if not (isinstance(change.before, str) and isinstance(change.after, str)):
        return False
    before, after = Duration.parse(change.before), Duration.parse(change.after)
    return after.approximate_days() > before.approximate_days()


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or value.get("name") or "{…}")
    return repr(value)
