"""The HTTP connector: a SaaS tool or in-house service that implements Pactum's JSON contract.

The contract (docs/decisions/0034-http-connector-contract.md), every call `POST {base}/pactum/...`
with a JSON body, answered with JSON, each call atomic on the service's side:

    describe {"datasets": [...]}  -> {"datasets": {name: {"primary_key": [...], "fields": [...],
                                                            "required": [...]}}}
    find     {"dataset", "fields", "values": [[...], ...]}   -> {"rows": [{"key": [...],
                                                                          "values": {...}}]}
    fetch    {"dataset", "keys": [[...], ...]}               -> {"rows": [...]}
    delete   {"dataset", "keys": [[...], ...]}               -> {"count": n}
    update   {"dataset", "changes": [{"key": [...], "values": {...}}]} -> {"count": n}

Errors: 4xx with {"error": {"what": ..., "where": "dataset.field"}} (409 when a write is refused);
5xx or no answer means the service is unavailable. A token given in the URL
(`https://:${CRM_TOKEN}@crm.example/api`) is sent as `Authorization: Bearer`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import httpx

from pactum.connectors.base import Change, DatasetShape, Row, RowKey, chunks, plain, where
from pactum.errors import Conflict, Invalid, Problem, Unavailable
from pactum.inventory.document import System

TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class HttpConnector:
    def __init__(self, system: System, url: str, *, transport: httpx.BaseTransport | None = None):
        self._system = system
        parsed = httpx.URL(url)
        token = parsed.password or parsed.username
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        base = str(parsed.copy_with(username=None, password=None)).rstrip("/")
        self._client = httpx.Client(
            base_url=base + "/pactum/", headers=headers, timeout=TIMEOUT, transport=transport
        )
        self._shapes: dict[str, Mapping[str, Any]] | None = None

    @property
    def system(self) -> str:
        return self._system.id

    def check(self) -> list[Problem]:
        shapes = self._describe()
        problems: list[Problem] = []
        for dataset in self._system.datasets:
            shape = shapes.get(dataset.name)
            known = set(shape.get("fields", [])) if shape else set()
            missing = (
                [None] if shape is None else [f.name for f in dataset.fields if f.name not in known]
            )
            problems += [
                Problem(
                    f"{where(self.system, dataset.name, name)} does not exist in the service",
                    where(self.system, dataset.name, name),
                    "correct the inventory, or the service's description of its data",
                )
                for name in missing
            ]
        return problems

    def shape(self, dataset: str) -> DatasetShape:
        shape = self._describe().get(dataset)
        if shape is None:
            raise Invalid(
                f"{where(self.system, dataset)} does not exist in the service",
                where=where(self.system, dataset),
                fix="correct the inventory",
            )
        return DatasetShape(
            primary_key=tuple(str(name) for name in shape.get("primary_key", [])),
            required=frozenset(str(name) for name in shape.get("required", [])),
        )

    def find(self, dataset: str, fields: Sequence[str], values: Collection[RowKey]) -> list[Row]:
        rows: list[Row] = []
        wanted = [[plain(v) for v in value] for value in values]
        for chunk in chunks(wanted):
            body = {"dataset": dataset, "fields": list(fields), "values": list(chunk)}
            rows += self._rows(dataset, self._call("find", dataset, body))
        return rows

    def batch(self) -> AbstractContextManager[None]:
        return nullcontext()

    def find_later(
        self, dataset: str, fields: Sequence[str], values: Collection[RowKey]
    ) -> Callable[[], list[Row]] | None:
        return None  # one call per look-up, made by `find`

    def reading(self) -> AbstractContextManager[None]:
        return nullcontext()  # the HTTP client keeps its connections alive already

    def writing(self) -> AbstractContextManager[None]:
        return nullcontext()  # each call is the service's own transaction

    def fetch(self, dataset: str, keys: Collection[RowKey]) -> list[Row]:
        rows: list[Row] = []
        for chunk in chunks([[plain(v) for v in key] for key in keys]):
            body = {"dataset": dataset, "keys": list(chunk)}
            rows += self._rows(dataset, self._call("fetch", dataset, body))
        return rows

    def delete(self, dataset: str, keys: Collection[RowKey]) -> int:
        count = 0
        for chunk in chunks([[plain(v) for v in key] for key in keys]):
            body = {"dataset": dataset, "keys": list(chunk)}
            count += int(self._call("delete", dataset, body)["count"])
        return count

    def update(self, dataset: str, changes: Sequence[Change]) -> int:
        count = 0
        for chunk in chunks(changes):
            body = {
                "dataset": dataset,
                "changes": [
                    {
                        "key": [plain(v) for v in c.key],
                        "values": {k: plain(v) for k, v in c.values.items()},
                    }
                    for c in chunk
                ],
            }
            count += int(self._call("update", dataset, body)["count"])
        return count

    def close(self) -> None:
        self._client.close()

    def _describe(self) -> Mapping[str, Mapping[str, Any]]:
        if self._shapes is None:
            answer = self._call(
                "describe", "", {"datasets": [d.name for d in self._system.datasets]}
            )
            self._shapes = dict(answer.get("datasets", {}))
        return self._shapes

    def _rows(self, dataset: str, answer: Mapping[str, Any]) -> list[Row]:
        return [
            Row(dataset, tuple(item["key"]), dict(item.get("values", {})))
            for item in answer.get("rows", [])
        ]

    def _call(self, operation: str, dataset: str, body: Mapping[str, Any]) -> Mapping[str, Any]:
        place = where(self.system, dataset) if dataset else self.system
        try:
            response = self._client.post(operation, json=body)
        except httpx.HTTPError as exc:
            raise Unavailable(
                f"system {self.system!r} cannot be reached ({exc.__class__.__name__})",
                where=self.system,
                fix="start the service or correct its url; the step is retried",
            ) from exc
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise Unavailable(
                f"system {self.system!r} answered {response.status_code}",
                where=self.system,
                fix="the service is down or overloaded; the step is retried",
            )
        answer = _json(response)
        if response.status_code >= 400:
            error = answer.get("error", {}) if isinstance(answer.get("error"), dict) else {}
            what = str(error.get("what", f"refused with {response.status_code}"))[:300]
            here = f"{self.system}.{error['where']}" if error.get("where") else place
            kind = Conflict if response.status_code == 409 else Invalid
            raise kind(f"{here}: {what}", where=here, fix="check the inventory against the service")
        if not answer:
            raise Invalid(
                f"{place}: the service did not answer with Pactum's JSON contract",
                where=place,
                fix="see docs/decisions/0034-http-connector-contract.md",
            )
        return answer


def _json(response: httpx.Response) -> Mapping[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        answer = None
    return answer if isinstance(answer, dict) else {}
