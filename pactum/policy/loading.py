"""Reading a policy document from YAML: every problem reported with file:line:column and a fix."""

from __future__ import annotations

import json
from pathlib import Path

from pactum.errors import InvalidDocument, Problem
from pactum.policy.consistency import find_inconsistencies
from pactum.policy.document import Policy
from pactum.signing import sha256_hex
from pactum.yaml_source import dotted, parse_yaml, validate


def read_policy_file(path: Path) -> tuple[Policy, str]:
    """The validated policy and its source text, or InvalidDocument naming every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidDocument(
            str(path),
            [Problem(f"cannot read the file: {exc.strerror}", str(path), "check the path")],
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(f"not UTF-8 text (byte {exc.start})", str(path), "save it as UTF-8")
        raise InvalidDocument(str(path), [problem]) from exc
    return parse_policy(text, str(path)), text


def parse_policy(text: str, name: str = "<policy>") -> Policy:
    source = parse_yaml(text, name)
    policy = validate(Policy, source)
    problems = [
        Problem(item.what, source.where(item.path), item.fix, dotted(item.path))
        for item in find_inconsistencies(policy)
    ]
    if problems:
        raise InvalidDocument(name, problems)
    return policy


def canonical_digest(policy: Policy) -> str:
    """SHA-256 of the policy's meaning (not its formatting): two texts that say the same agree."""
    canonical = json.dumps(policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return sha256_hex(canonical.encode("utf-8"))


def json_schema() -> dict[str, object]:
    schema = Policy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pactum.dev/schema/policy-1.json"
    return schema
