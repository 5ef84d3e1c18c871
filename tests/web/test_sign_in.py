"""Staff sign-in: sessions, lockout, second factor, fixation, CSRF and safe redirects."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pactum.accounts.models import StaffMember, StaffSession
from pactum.accounts.service import disable_staff
from pactum.db import transaction
from pactum.web.console_access import SESSION_COOKIE
from pactum.workspace import Workspace
from tests.builders import FixedClock, add_staff_member, csrf_from, sign_in


def test_the_console_sends_strangers_to_the_sign_in_page(client: TestClient) -> None:
    answer = client.get("/console/audit?action=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=%2Fconsole%2Faudit%3Faction%3Dx"


def test_alice_signs_in_and_gets_a_secure_session_cookie(
    client: TestClient, workspace: Workspace
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    answer = sign_in(client, "alice@example.test")
    assert answer.status_code == 303 and answer.headers["location"] == "/console"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/console/account").status_code == 200


def test_a_session_cookie_is_secure_over_https(workspace: Workspace) -> None:
    from pactum.app import create_app

    add_staff_member(workspace, email="alice@example.test")
    with TestClient(create_app(workspace), base_url="https://testserver") as secure:
        answer = sign_in(secure, "alice@example.test")
    cookie = next(c for c in answer.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    assert "Secure" in cookie
    assert "max-age=63072000" in answer.headers["strict-transport-security"]


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(
    client: TestClient, workspace: Workspace
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    wrong = sign_in(client, "alice@example.test", "not the password")
    unknown = sign_in(client, "nobody@example.test", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "The e-mail address or the password is wrong." in wrong.text
    assert wrong.text.replace(csrf_from(wrong.text), "") == unknown.text.replace(
        csrf_from(unknown.text), ""
    )


@pytest.mark.parametrize("email", ["alice@example.test", "nobody@example.test"])
def test_five_failures_lock_an_address_for_fifteen_minutes_known_or_not(
    client: TestClient, workspace: Workspace, clock: FixedClock, email: str
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    for _ in range(5):
        assert sign_in(client, email, "guess").status_code == 401
    locked = sign_in(client, email)
    assert locked.status_code == 429 and "Too many failed attempts" in locked.text
    clock.advance(minutes=16)
    if email == "alice@example.test":
        assert sign_in(client, email).status_code == 303


def test_the_session_id_changes_at_sign_in_so_a_planted_one_is_useless(
    client: TestClient, workspace: Workspace
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    planted = "attacker-chosen-session-id-0123456789abcdef"
    client.cookies.set(SESSION_COOKIE, planted)
    answer = sign_in(client, "alice@example.test")
    issued = answer.cookies[SESSION_COOKIE]
    assert issued != planted
    attacker = TestClient(client.app)
    attacker.cookies.set(SESSION_COOKIE, planted)
    assert attacker.get("/console/account", follow_redirects=False).status_code == 303
    with workspace.sessions() as session:
        stored = session.scalars(select(StaffSession.id)).all()
    assert issued not in stored  # only a hash of the token is kept


def test_sessions_end_after_thirty_idle_minutes_and_after_twelve_hours(
    client: TestClient, workspace: Workspace, clock: FixedClock
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    sign_in(client, "alice@example.test")
    clock.advance(minutes=29)
    assert client.get("/console/account", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    assert client.get("/console/account", follow_redirects=False).status_code == 303
    sign_in(client, "alice@example.test")
    for _ in range(25):  # active all day, never idle for long
        clock.advance(minutes=29)
        client.get("/console/account", follow_redirects=False)
    assert client.get("/console/account", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_on_the_server(
    client: TestClient, workspace: Workspace
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    token = sign_in(client, "alice@example.test").cookies[SESSION_COOKIE]
    page = client.get("/console/account").text
    answer = client.post(
        "/console/logout", data={"csrf_token": csrf_from(page)}, follow_redirects=False
    )
    assert answer.status_code == 303
    replay = TestClient(client.app)
    replay.cookies.set(SESSION_COOKIE, token)
    assert replay.get("/console/account", follow_redirects=False).status_code == 303


def test_disabling_a_member_ends_their_sessions(client: TestClient, workspace: Workspace) -> None:
    add_staff_member(workspace, email="bob@example.test", role="support_agent")
    sign_in(client, "bob@example.test")
    with transaction(workspace.sessions) as session:
        disable_staff(session, workspace.clock, email="bob@example.test", actor="test")
    assert client.get("/console/account", follow_redirects=False).status_code == 303
    assert sign_in(client, "bob@example.test").status_code == 401


def test_forms_without_a_valid_csrf_token_are_refused(
    client: TestClient, workspace: Workspace
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    client.get("/console/login")
    form = {"email": "alice@example.test", "password": "correct horse battery staple"}
    assert client.post("/console/login", data=form).status_code == 403
    forged = client.post("/console/login", data={**form, "csrf_token": "0" * 64})
    assert forged.status_code == 403 and "did not come from this site" in forged.text
    stranger = TestClient(client.app)  # another browser's token does not fit this browser
    token = csrf_from(stranger.get("/console/login").text)
    assert client.post("/console/login", data={**form, "csrf_token": token}).status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/console",
        "/\\evil.example",
        "/console\r\nLocation: https://evil.example",
        "javascript:alert(1)",
        "/privacy/../console",
        "/elsewhere",
    ],
)
def test_next_only_leads_to_a_console_page_on_this_site(
    client: TestClient, workspace: Workspace, target: str
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    token = csrf_from(client.get("/console/login").text)
    answer = client.post(
        "/console/login",
        data={
            "email": "alice@example.test",
            "password": "correct horse battery staple",
            "csrf_token": token,
            "next": target,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console"


def test_next_keeps_a_console_path(client: TestClient, workspace: Workspace) -> None:
    add_staff_member(workspace, email="alice@example.test")
    token = csrf_from(client.get("/console/login?next=/console/audit").text)
    answer = client.post(
        "/console/login",
        data={
            "email": "alice@example.test",
            "password": "correct horse battery staple",
            "csrf_token": token,
            "next": "/console/audit?action=staff.",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/console/audit?action=staff."


def test_a_second_factor_is_asked_after_the_password_and_codes_are_not_reused(
    client: TestClient, workspace: Workspace, clock: FixedClock
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    sign_in(client, "alice@example.test")
    page = client.get("/console/account").text
    secret = page.split('id="totp-key">')[1].split("<")[0]
    code = pyotp.TOTP(secret).at(clock.now())
    enable = client.post(
        "/console/account/second-factor",
        data={
            "csrf_token": csrf_from(page),
            "secret": secret,
            "code": code,
            "signature": page.split('name="signature" value="')[1].split('"')[0],
        },
    )
    assert "Two-step sign-in is on" in enable.text
    with workspace.sessions() as session:
        stored = session.scalars(select(StaffMember.totp_secret)).one()
    assert stored and secret not in stored  # sealed at rest

    browser = TestClient(client.app)
    first = sign_in(browser, "alice@example.test")
    assert first.headers["location"].startswith("/console/login/code")
    half = first.cookies[SESSION_COOKIE]
    assert browser.get("/console/account", follow_redirects=False).status_code == 303
    form = csrf_from(browser.get("/console/login/code").text)
    reused = browser.post("/console/login/code", data={"csrf_token": form, "code": code})
    assert reused.status_code == 401  # the code used to enable it cannot sign in
    clock.advance(seconds=30)
    fresh = pyotp.TOTP(secret).at(clock.now())
    done = browser.post(
        "/console/login/code", data={"csrf_token": form, "code": fresh}, follow_redirects=False
    )
    assert done.status_code == 303 and done.cookies[SESSION_COOKIE] != half
    assert browser.get("/console/account").status_code == 200


def test_the_second_factor_step_is_locked_after_five_wrong_codes(
    client: TestClient, workspace: Workspace, clock: FixedClock
) -> None:
    add_staff_member(workspace, email="alice@example.test")
    sign_in(client, "alice@example.test")
    page = client.get("/console/account").text
    secret = page.split('id="totp-key">')[1].split("<")[0]
    client.post(
        "/console/account/second-factor",
        data={
            "csrf_token": csrf_from(page),
            "secret": secret,
            "code": pyotp.TOTP(secret).at(clock.now()),
            "signature": page.split('name="signature" value="')[1].split('"')[0],
        },
    )
    browser = TestClient(client.app)
    sign_in(browser, "alice@example.test")
    form = csrf_from(browser.get("/console/login/code").text)
    for _ in range(5):
        answer = browser.post("/console/login/code", data={"csrf_token": form, "code": "000000"})
        assert answer.status_code == 401
    clock.advance(seconds=30)
    right = pyotp.TOTP(secret).at(clock.now())
    assert (
        browser.post("/console/login/code", data={"csrf_token": form, "code": right}).status_code
        == 429
    )
