"""YAML documents that remember where each value came from, and validation with file:line:column."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pactum.errors import InvalidDocument, Problem

Model = TypeVar("Model", bound=BaseModel)
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlSource:
    """Parsed YAML with its positions; `data` is plain dicts and lists."""

    name: str
    text: str
    data: Any
    tree: Any

    def where(self, path: Path) -> str:
        """`file:line:column` of the deepest node on `path` that exists (1-based)."""
        line, column = _position(self.tree, path)
        return f"{self.name}:{line + 1}:{column + 1}"


def parse_yaml(text: str, name: str) -> YamlSource:
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        what = (exc.problem or exc.context or "malformed YAML").strip()
        raise InvalidDocument(
            name, [Problem(f"malformed YAML: {what}", where, "fix the YAML syntax at that place")]
        ) from exc
    except YAMLError as exc:
        raise InvalidDocument(
            name, [Problem(f"malformed YAML: {exc}", name, "fix the YAML")]
        ) from exc
    if not isinstance(tree, CommentedMap):
        raise InvalidDocument(
            name, [Problem("the document must be a mapping of keys to values", f"{name}:1:1")]
        )
    return YamlSource(name=name, text=text, data=_plain(tree), tree=tree)


def _plain(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    return node


def _position(tree: Any, path: Path) -> tuple[int, int]:
    node, line, column = tree, 0, 0
    if hasattr(tree, "lc"):
        line, column = tree.lc.line, tree.lc.col
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line, column = node.lc.key(step)
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step)
            node = node[step]
        else:
            break
    return line, column


def dotted(path: Path) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def validate(model: type[Model], source: YamlSource) -> Model:
    """Build `model` from the document, or raise every problem at once with its position."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        problems = [_problem(error, source, model) for error in exc.errors()]
        raise InvalidDocument(source.name, problems) from exc


def _problem(error: ErrorDetails, source: YamlSource, model: type[BaseModel]) -> Problem:
    path: Path = tuple(step for step in error["loc"] if not _is_pydantic_tag(step))
    kind = error["type"]
    message = error["msg"]
    if kind == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(model, path[:-1]))
        return Problem(
            f"unknown key {path[-1]!r}",
            source.where(path),
            f"remove it or correct its spelling; allowed here: {allowed}",
            dotted(path),
        )
    if kind == "missing":
        return Problem(
            f"required key {path[-1]!r} is missing",
            source.where(path[:-1]),
            f"add `{path[-1]}:` here",
            dotted(path),
        )
    if kind == "value_error":
        # Our validators write "what is wrong; how to fix it".
        what, _, fix = message.removeprefix("Value error, ").partition("; ")
        return Problem(what, source.where(path), fix, dotted(path))
    return Problem(message, source.where(path), _fix_for(kind, error), dotted(path))


def _is_pydantic_tag(step: str | int) -> bool:
    return isinstance(step, str) and (step.startswith("function-") or "[" in step)


def _fix_for(kind: str, error: ErrorDetails) -> str:
    context = error.get("ctx") or {}
    if kind == "enum":
        return f"use one of: {context.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"match the pattern {context.get('pattern', '')}"
    if kind in {"too_short", "list_type"}:
        return "give a list with at least one item"
    if kind.startswith(("int_", "date_", "bool_")):
        return "give a value of the expected type"
    return "correct the value"


def _allowed_keys(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(step) if _is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return sorted(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None
