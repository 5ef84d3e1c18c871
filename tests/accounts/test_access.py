"""API keys, rate buckets, and the first administrator."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from pactum.accounts import api_keys, throttle
from pactum.accounts.models import ApiKey, Permission, Role, StaffMember, may
from pactum.accounts.service import ensure_first_administrator
from pactum.accounts.throttle import Limit
from pactum.app import create_app
from pactum.cli import app
from pactum.config import Settings
from pactum.db import transaction
from pactum.errors import Forbidden, Invalid
from pactum.workspace import Workspace, open_workspace
from tests.builders import FixedClock, add_staff_member, publish

runner = CliRunner()


def test_the_first_administrator_is_created_once_with_a_password_shown_once(
    workspace: Workspace,
) -> None:
    with transaction(workspace.sessions) as session:
        member, password = ensure_first_administrator(
            session, workspace.clock, "Admin@Example.test"
        )
        assert member.role == Role.ADMINISTRATOR and password and len(password) >= 12
    with transaction(workspace.sessions) as session:
        again, none = ensure_first_administrator(session, workspace.clock, "admin@example.test")
    assert again.id == member.id and none is None


def test_roles_grant_only_what_they_need() -> None:
    assert may(Role.ADMINISTRATOR, Permission.STAFF)
    assert not may(Role.PRIVACY_OFFICER, Permission.STAFF)
    assert not may(Role.SUPPORT_AGENT, Permission.PACKAGES)
    assert not may(Role.SUPPORT_AGENT, Permission.REQUESTS_ALL)
    assert not may(Role.AUDITOR, Permission.REQUESTS_DECIDE) and may(Role.AUDITOR, Permission.AUDIT)
    assert [p for p in Permission if may(Role.ENGINEER, p)] == [Permission.INVENTORY]


def test_an_api_key_is_stored_as_a_hash_and_carries_its_scopes(workspace: Workspace) -> None:
    add_staff_member(workspace, email="olivia@example.test", role="privacy_officer")
    with transaction(workspace.sessions) as session:
        key, token = api_keys.create_key(
            session,
            workspace.clock,
            email="olivia@example.test",
            name="crm sync",
            scopes=["requests:read"],
            actor="t",
        )
    with workspace.sessions() as session:
        stored = session.scalars(select(ApiKey)).one()
        assert token not in stored.secret_hash and stored.prefix in token
    with transaction(workspace.sessions) as session:
        caller = api_keys.authenticate(session, workspace.clock, token)
        assert caller is not None and caller.has("requests:read") and not caller.has("audit:read")
        assert api_keys.authenticate(session, workspace.clock, token[:-2] + "xx") is None
        assert api_keys.authenticate(session, workspace.clock, "pk_nothing_here") is None
    with transaction(workspace.sessions) as session:
        api_keys.revoke_key(session, workspace.clock, prefix=key.prefix, actor="t")
    with transaction(workspace.sessions) as session:
        assert api_keys.authenticate(session, workspace.clock, token) is None


def test_a_key_never_holds_more_than_its_members_role(workspace: Workspace) -> None:
    add_staff_member(workspace, email="erin@example.test", role="engineer")
    with transaction(workspace.sessions) as session, pytest.raises(Forbidden):
        api_keys.create_key(
            session,
            workspace.clock,
            email="erin@example.test",
            name="x",
            scopes=["requests:read"],
            actor="t",
        )
    with transaction(workspace.sessions) as session, pytest.raises(Invalid):
        api_keys.create_key(
            session,
            workspace.clock,
            email="erin@example.test",
            name="x",
            scopes=["everything"],
            actor="t",
        )


def test_keys_are_made_listed_and_revoked_from_the_command_line(cli_env: Settings) -> None:
    workspace = open_workspace(cli_env)
    add_staff_member(workspace, email="olivia@example.test", role="privacy_officer")
    publish(workspace)
    made = runner.invoke(
        app, ["staff", "key", "create", "olivia@example.test", "--scope", "requests:read", "--json"]
    )
    assert made.exit_code == 0, made.output
    token = json.loads(made.stdout)["key"]
    shown = runner.invoke(app, ["staff", "key", "list", "--json"])
    assert shown.exit_code == 0, shown.output
    listed = json.loads(shown.stdout)
    assert listed[0]["prefix"] in token and token not in json.dumps(listed)
    with TestClient(create_app(workspace)) as api:
        bearer = {"Authorization": f"Bearer {token}"}
        assert api.get("/api/v1/requests", headers=bearer).status_code == 200
        assert api.get("/api/v1/requests").status_code == 401
        assert api.post("/api/v1/requests/RX/approval", headers=bearer).status_code == 403
        revoked = runner.invoke(app, ["staff", "key", "revoke", listed[0]["prefix"]])
        assert revoked.exit_code == 0
        assert api.get("/api/v1/requests", headers=bearer).status_code == 401
    bad = runner.invoke(app, ["staff", "key", "create", "olivia@example.test", "--scope", "nope"])
    assert bad.exit_code == 2
    workspace.engine.dispose()


def test_a_rate_bucket_refuses_past_its_limit_and_opens_again_after_the_window(
    workspace: Workspace, clock: FixedClock
) -> None:
    limit = Limit(hits=3, window=timedelta(minutes=10))
    with transaction(workspace.sessions) as session:
        verdicts = [throttle.hit(session, clock, "k", limit).allowed for _ in range(4)]
        assert verdicts == [True, True, True, False]
        assert throttle.is_blocked(session, clock, "k", limit)
    clock.advance(minutes=10, seconds=1)
    with transaction(workspace.sessions) as session:
        assert not throttle.is_blocked(session, clock, "k", limit)
        assert throttle.hit(session, clock, "k", limit).allowed


def test_a_lost_second_factor_is_reset_from_the_command_line(cli_env: Settings) -> None:
    workspace = open_workspace(cli_env)
    member_id = add_staff_member(workspace, email="olivia@example.test", role="privacy_officer")
    with transaction(workspace.sessions) as session:
        member = session.get(StaffMember, member_id)
        assert member is not None
        member.totp_secret = "sealed"
    answer = runner.invoke(app, ["staff", "totp-reset", "olivia@example.test", "--json"])
    assert answer.exit_code == 0, answer.output
    with workspace.sessions() as session:
        assert session.get(StaffMember, member_id).totp_secret is None  # type: ignore[union-attr]
    assert runner.invoke(app, ["staff", "totp-reset", "nobody@example.test"]).exit_code == 3
    workspace.engine.dispose()
