"""db.Prepared: a statement run on the driver's connection writes what SQLAlchemy reads back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import bindparam, insert, select

from pactum.clock import as_utc
from pactum.consent.models import ConsentPerson
from pactum.db import transaction
from pactum.prepared import Prepared
from pactum.workspace import Workspace

_INSERT = Prepared(
    insert(ConsentPerson)
    .values(
        first_seen_at=bindparam("seen", type_=ConsentPerson.first_seen_at.type),
        birth_date=bindparam("born", type_=ConsentPerson.birth_date.type),
    )
    .returning(ConsentPerson.id)
)
_SEEN_AFTER = Prepared(
    select(
        ConsentPerson.id,
        ConsentPerson.first_seen_at > bindparam("at", type_=ConsentPerson.first_seen_at.type),
    ).where(ConsentPerson.id == bindparam("id"))
)


def test_a_prepared_insert_converts_datetimes_as_the_orm_does(workspace: Workspace) -> None:
    seen = datetime(2026, 3, 1, 12, 30, 15, 250, tzinfo=UTC)
    with transaction(workspace.sessions) as session:
        connection = session.connection()
        person_id = _INSERT.execute(connection, {"seen": seen, "born": None}).fetchone()[0]
        earlier = {"id": person_id, "at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC)}
        later = {"id": person_id, "at": datetime(2026, 3, 2, tzinfo=UTC)}
        assert _SEEN_AFTER.execute(connection, earlier).fetchone()[1]
        assert not _SEEN_AFTER.execute(connection, later).fetchone()[1]
    with workspace.reader()() as session:
        person = session.get(ConsentPerson, person_id)
        assert person is not None
        assert person.first_seen_at.replace(tzinfo=UTC) == seen
        assert person.birth_date is None


def test_a_prepared_statement_runs_in_the_callers_transaction(workspace: Workspace) -> None:
    seen = datetime(2026, 3, 1, tzinfo=UTC)

    def insert_then_fail() -> None:
        with transaction(workspace.sessions) as session:
            _INSERT.execute(session.connection(), {"seen": seen, "born": None})
            raise RuntimeError("the caller fails after the insert")

    with pytest.raises(RuntimeError):
        insert_then_fail()
    with workspace.reader()() as session:
        assert session.scalars(select(ConsentPerson.id)).all() == []


def test_typed_rows_come_back_as_sqlalchemy_reads_them(workspace: Workspace) -> None:
    seen = datetime(2026, 3, 1, 12, 30, 15, 250, tzinfo=UTC)
    born = date(1990, 5, 17)
    read = Prepared(
        select(ConsentPerson.id, ConsentPerson.first_seen_at, ConsentPerson.birth_date).where(
            ConsentPerson.id == bindparam("id")
        )
    )
    with transaction(workspace.sessions) as session:
        connection = session.connection()
        person_id = _INSERT.execute(connection, {"seen": seen, "born": born}).fetchone()[0]
        [(found_id, found_seen, found_born)] = read.fetchall(connection, {"id": person_id})
    assert found_id == person_id
    assert as_utc(found_seen) == seen
    assert found_born == born


def test_a_missing_parameter_is_named_and_nothing_runs(workspace: Workspace) -> None:
    with workspace.reader()() as session, pytest.raises(KeyError, match="'id'"):
        _SEEN_AFTER.execute(session.connection(), {"at": datetime(2026, 1, 1, tzinfo=UTC)})
