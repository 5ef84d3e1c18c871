"""Reading Fides dataset YAML (fideslang `dataset:` documents) into Pactum inventory systems."""

from __future__ import annotations

from typing import Any

from pactum.errors import InvalidDocument, Problem
from pactum.inventory.document import DataField, Dataset, Reference, System
from pactum.yaml_source import YamlSource


def is_fides_dataset(source: YamlSource) -> bool:
    return isinstance(source.data, dict) and "dataset" in source.data


def systems_from_fides(source: YamlSource, url: str | None) -> tuple[list[System], list[str]]:
    """Each Fides dataset becomes one system; returns the systems and notes on what was skipped."""
    notes: list[str] = []
    systems: list[System] = []
    datasets = source.data.get("dataset")
    if not isinstance(datasets, list) or not datasets:
        raise InvalidDocument(
            source.name,
            [Problem("`dataset:` must be a list of datasets", source.where(("dataset",)), "")],
        )
    for index, raw in enumerate(datasets):
        key = raw.get("fides_key") if isinstance(raw, dict) else None
        if not key:
            where = source.where(("dataset", index))
            raise InvalidDocument(source.name, [Problem("dataset without fides_key", where, "")])
        collections = [_collection(key, c, notes) for c in raw.get("collections") or []]
        systems.append(
            System(
                id=_identifier(key),
                name=str(raw.get("name") or key),
                url=url,
                datasets=[c for c in collections if c is not None],
            )
        )
    return systems, notes


def _collection(dataset_key: str, raw: dict[str, Any], notes: list[str]) -> Dataset | None:
    fields: list[DataField] = []
    references: list[Reference] = []
    for item in raw.get("fields") or []:
        if item.get("fields"):
            notes.append(f"{dataset_key}.{raw['name']}.{item['name']}: nested fields skipped")
            continue
        meta = item.get("fides_meta") or {}
        fields.append(
            DataField(
                name=item["name"],
                category=_personal_category(item.get("data_categories") or []),
                identity=meta.get("identity"),
            )
        )
        for ref in meta.get("references") or []:
            table, _, column = str(ref["field"]).rpartition(".")
            target = (
                table
                if ref.get("dataset") == dataset_key
                else f"{_identifier(ref['dataset'])}.{table}"
            )
            references.append(Reference(fields=[item["name"]], to=target, to_fields=[column]))
    if not fields:
        notes.append(f"{dataset_key}.{raw.get('name')}: no fields, skipped")
        return None
    return Dataset(name=raw["name"], fields=fields, references=references)


def _personal_category(categories: list[str]) -> str | None:
    personal = sorted((c for c in categories if c.startswith("user")), key=len, reverse=True)
    return personal[0] if personal else None


def _identifier(key: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in key.lower()).strip("_") or "system"
