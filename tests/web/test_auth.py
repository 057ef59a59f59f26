"""Accounts over HTTP (Flask's test client): roles, CSRF, sign-in limits, disabled users, set-up, admin."""
from __future__ import annotations

import re

import pytest

from app import create_app
from game.core.deck import deck_to_toml
from tests.factories import deck

PASSWORD = "correct horse"
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}


@pytest.fixture
def app(tmp_path):
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "test-deck.toml").write_text(deck_to_toml(deck(cards=2)))
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}", "SCENARIOS_DIR": str(scenarios),
                      "ASYNC_MODE": "threading", "SECRET_KEY": "test-secret", "TESTING": True,
                      "SIGNIN_LIMIT_PER_ACCOUNT": (3, 60.0), "SIGNIN_LIMIT_PER_ADDRESS": (6, 60.0),
                      # Real argon2id, cheap parameters: these tests hash dozens of times.
                      "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})
    return app


@pytest.fixture
def accounts(app):
    return app.extensions["cxgame_accounts"]


@pytest.fixture
def users(accounts):
    """One account per role (the admin holds every role, as /setup and `users create --admin` make it)."""
    made = {"admin": ("admin", "trainer", "facilitator"), "trainer": ("trainer",),
            "facilitator": ("facilitator",), "other_facilitator": ("facilitator",)}
    return {name: accounts.create_user(name, PASSWORD, roles) for name, roles in made.items()}


def form_token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def meta_token(html: bytes) -> str:
    return re.search(rb'name="csrf-token" content="([^"]+)"', html).group(1).decode()


def sign_in(client, username, password=PASSWORD, address=LOCAL):
    page = client.get("/signin", environ_overrides=address)
    return client.post("/signin", data={"csrf_token": form_token(page.data), "username": username,
                                        "password": password}, environ_overrides=address)


def signed_in(app, username):
    client = app.test_client()
    assert sign_in(client, username).status_code == 302
    return client


def json_token(client) -> str:
    return meta_token(client.get("/").data)


def create_session(client, token=None):
    headers = {"X-CSRFToken": token if token is not None else json_token(client)}
    return client.post("/api/sessions", json={"deck_id": "test-deck"}, headers=headers)


# --- roles: pages and JSON ---------------------------------------------------------------------
PAGES = ["/host/new", "/sessions", "/admin/users"]
ALLOWED = {"admin": {"/host/new", "/sessions", "/admin/users"}, "trainer": set(),
           "facilitator": {"/host/new", "/sessions"}}


@pytest.mark.parametrize("role", ["admin", "trainer", "facilitator"])
def test_each_role_opens_its_pages_and_is_refused_the_others(app, users, role):
    client = signed_in(app, role)
    for page in PAGES:
        response = client.get(page)
        if page in ALLOWED[role]:
            assert response.status_code == 200, (role, page)
        else:
            assert response.status_code == 403, (role, page)
            assert b"Not allowed" in response.data


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_page_afterwards(app, users):
    client = app.test_client()
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and response.location == f"/signin?next={page}"
    form = client.get("/signin?next=/sessions")
    done = client.post("/signin", data={"csrf_token": form_token(form.data), "username": "facilitator",
                                        "password": PASSWORD, "next": "/sessions"})
    assert done.status_code == 302 and done.location == "/sessions"


def test_sign_in_never_redirects_off_the_site(app, users):
    client = app.test_client()
    form = client.get("/signin")
    done = client.post("/signin", data={"csrf_token": form_token(form.data), "username": "facilitator",
                                        "password": PASSWORD, "next": "//evil.example/x"})
    assert done.status_code == 302 and done.location == "/"


def test_the_header_shows_what_each_role_may_open(app, users):
    assert b'id="sign-in-link"' in app.test_client().get("/").data
    admin = signed_in(app, "admin").get("/").data
    assert all(link in admin for link in (b'href="/host/new"', b'href="/sessions"', b'href="/decks"',
                                          b'href="/admin/users"', b"Signed in as admin"))
    trainer = signed_in(app, "trainer").get("/").data
    assert b'href="/decks"' in trainer and b'href="/host/new"' not in trainer and b'href="/admin/users"' not in trainer
    facilitator = signed_in(app, "facilitator").get("/").data
    assert b'href="/sessions"' in facilitator and b'href="/decks"' not in facilitator


def test_creating_a_session_needs_a_signed_in_facilitator(app, users, accounts):
    visitor = app.test_client()
    refused = create_session(visitor)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "not_signed_in"
    trainer = create_session(signed_in(app, "trainer"))
    assert trainer.status_code == 403 and trainer.json["error"]["code"] == "forbidden"
    created = create_session(signed_in(app, "facilitator"))
    assert created.status_code == 201
    assert accounts.owners.owner_of(created.json["code"]) == users["facilitator"].id
    assert create_session(signed_in(app, "admin")).status_code == 201


def test_a_facilitator_sees_only_their_own_sessions_and_exports(app, users):
    mine = signed_in(app, "facilitator")
    code = create_session(mine).json["code"]
    theirs = signed_in(app, "other_facilitator")
    other_code = create_session(theirs).json["code"]
    listing = mine.get("/sessions").data.decode()
    assert code in listing and other_code not in listing
    assert f'href="/host/{code}"' in listing and f'href="/host/{code}/print"' in listing
    for kind in ("md", "csv", "json"):
        assert f"/api/sessions/{code}/export.{kind}" in listing
        assert mine.get(f"/api/sessions/{code}/export.{kind}").status_code == 200
    refused = theirs.get(f"/api/sessions/{code}/export.json")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_host"
    assert app.test_client().get(f"/api/sessions/{code}/export.json").status_code == 403


def test_players_join_with_no_account_and_no_csrf_token(app, users):
    code = create_session(signed_in(app, "facilitator")).json["code"]
    phone = app.test_client()
    joined = phone.post(f"/api/sessions/{code}/players", json={"name": "Kim"})
    assert joined.status_code == 201 and joined.json["token"]


# --- CSRF ------------------------------------------------------------------------------------
def test_a_json_write_without_the_csrf_token_is_refused_and_creates_nothing(app, users, accounts):
    client = signed_in(app, "facilitator")
    for token in ("", "not-the-token"):
        refused = create_session(client, token=token)
        assert refused.status_code == 400 and refused.json["error"]["code"] == "csrf_failed"
    assert accounts.owners.owned_by(users["facilitator"].id) == []


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(app, users, accounts):
    admin = signed_in(app, "admin")
    refused = admin.post("/admin/users", data={"username": "mallory", "password": PASSWORD,
                                                "role_facilitator": "1"})
    assert refused.status_code == 400 and b"Page out of date" in refused.data
    assert accounts.users.by_username("mallory") is None
    assert admin.post(f"/admin/users/{users['trainer'].id}/disable").status_code == 400
    assert not accounts.users.get(users["trainer"].id).disabled
    # Signing in and out are forms too.
    assert admin.post("/signout").status_code == 400
    assert admin.get("/admin/users").status_code == 200
    visitor = app.test_client()
    assert visitor.post("/signin", data={"username": "admin", "password": PASSWORD}).status_code == 400


# --- sign-in: one message, limits, disabled users ----------------------------------------------
def _error_of(response) -> bytes:
    return re.search(rb'id="signin-error"[^>]*>([^<]+)<', response.data).group(1)


def test_unknown_user_and_wrong_password_get_the_same_answer(app, users):
    unknown = sign_in(app.test_client(), "nobody-here", "whatever-pass")
    wrong = sign_in(app.test_client(), "facilitator", "whatever-pass")
    assert unknown.status_code == wrong.status_code == 401
    assert _error_of(unknown) == _error_of(wrong) == b"Wrong username or password."
    # Apart from the form's values (the name typed back, the CSRF tokens) the pages are the same.
    def without_values(page):
        return re.sub(rb'(value|content)="[^"]*"', b"", page.data)
    assert without_values(unknown) == without_values(wrong)


def test_sign_in_is_rate_limited_per_account(app, users):
    client = app.test_client()
    for _ in range(3):
        assert sign_in(client, "facilitator", "wrong-password").status_code == 401
    limited = sign_in(client, "facilitator", PASSWORD)  # even the right password waits now
    assert limited.status_code == 429
    assert re.fullmatch(rb"Too many attempts\. Wait \d+ s and try again\.", _error_of(limited))
    # From another address too: the limit is on the account.
    assert sign_in(app.test_client(), "facilitator", PASSWORD, address=ELSEWHERE).status_code == 429
    # An unknown name is limited alike, so the limit does not tell who exists.
    for _ in range(3):
        sign_in(client, "ghost", "wrong-password")
    assert sign_in(client, "ghost", "wrong-password").status_code == 429
    # Other accounts are not locked by it.
    assert sign_in(app.test_client(), "trainer", PASSWORD, address=ELSEWHERE).status_code == 302


def test_sign_in_is_rate_limited_per_address(app, users):
    client = app.test_client()
    for i in range(6):  # a different name each time: the account limit never fills
        assert sign_in(client, f"guess{i}", "wrong-password").status_code == 401
    assert sign_in(client, "facilitator", PASSWORD).status_code == 429
    assert sign_in(app.test_client(), "facilitator", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_disabled_user_is_refused_with_the_same_message_and_their_open_cookie_stops_working(app, users,
                                                                                               accounts):
    client = signed_in(app, "facilitator")
    token = json_token(client)
    accounts.users.set_disabled(users["facilitator"].id, True)
    assert client.get("/sessions").status_code == 302  # back to the sign-in page
    refused = create_session(client, token=token)
    assert refused.status_code in (400, 401)  # the old cookie is gone: no session, no token, no user
    assert accounts.owners.owned_by(users["facilitator"].id) == []
    again = sign_in(app.test_client(), "facilitator")
    assert again.status_code == 401 and _error_of(again) == b"Wrong username or password."
    accounts.users.set_disabled(users["facilitator"].id, False)
    assert sign_in(app.test_client(), "facilitator").status_code == 302


def test_sign_out_ends_the_session(app, users):
    client = signed_in(app, "facilitator")
    assert client.post("/signout", data={"csrf_token": form_token(client.get("/").data)}).status_code == 302
    assert client.get("/sessions").status_code == 302


# --- the first account -------------------------------------------------------------------------
def test_setup_works_once_and_only_from_this_computer(app, accounts):
    client = app.test_client()
    assert client.get("/setup", environ_overrides=ELSEWHERE).status_code == 404
    # Forwarded by a proxy on this computer for someone elsewhere: still elsewhere.
    forwarded = client.get("/setup", environ_overrides=LOCAL, headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 404
    page = client.get("/setup", environ_overrides=LOCAL)
    assert page.status_code == 200
    form = {"csrf_token": form_token(page.data), "username": "Root", "display_name": "Ria",
            "password": PASSWORD, "password_again": PASSWORD}
    assert client.post("/setup", data={**form, "password_again": "something else"}).status_code == 400
    assert client.post("/setup", data={**form, "password": "short", "password_again": "short"}).status_code == 400
    assert accounts.users.count() == 0
    done = client.post("/setup", data=form, environ_overrides=LOCAL)
    assert done.status_code == 302 and done.headers["Location"].endswith("/welcome")
    welcome = client.get("/welcome").get_data(as_text=True)
    assert 'href="/host/new"' in welcome and 'href="/decks"' in welcome and 'href="/admin/users"' in welcome
    root = accounts.users.by_username("root")
    assert root.roles == {"admin", "trainer", "facilitator"} and root.display_name == "Ria"
    assert client.get("/admin/users").status_code == 200  # signed in as that admin
    assert client.get("/setup", environ_overrides=LOCAL).status_code == 404
    late = app.test_client()  # a second set-up form, with a valid token of its own
    late_form = {**form, "username": "late", "csrf_token": meta_token(late.get("/").data)}
    assert late.post("/setup", data=late_form, environ_overrides=LOCAL).status_code == 404
    assert accounts.users.count() == 1


def test_setup_is_gone_once_the_shell_created_an_account(app, accounts):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "ops", "--admin", "--password-stdin"], input=PASSWORD + "\n")
    assert made.exit_code == 0, made.output
    assert accounts.users.by_username("ops").roles == {"admin", "trainer", "facilitator"}
    assert app.test_client().get("/setup").status_code == 404


def test_the_users_cli_creates_lists_disables_and_resets(app, accounts):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "fac", "--role", "facilitator", "--password-stdin"],
                         input=PASSWORD + "\n")
    assert made.exit_code == 0 and "Created fac (facilitator)" in made.output
    taken = runner.invoke(args=["users", "create", "FAC", "--password-stdin"], input=PASSWORD + "\n")
    assert taken.exit_code == 1 and "taken" in taken.output
    short = runner.invoke(args=["users", "create", "new", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and accounts.users.by_username("new") is None
    assert runner.invoke(args=["users", "disable", "fac"]).exit_code == 0
    listed = runner.invoke(args=["users", "list"]).output
    assert "fac" in listed and "DISABLED" in listed
    assert runner.invoke(args=["users", "enable", "fac"]).exit_code == 0
    reset = runner.invoke(args=["users", "reset-password", "fac", "--password-stdin"], input="a new password\n")
    assert reset.exit_code == 0
    assert sign_in(app.test_client(), "fac", "a new password").status_code == 302
    assert runner.invoke(args=["users", "disable", "nobody"]).exit_code == 1


# --- the admin page ----------------------------------------------------------------------------
def test_the_admin_adds_changes_disables_and_resets_users(app, users, accounts):
    admin = signed_in(app, "admin")
    token = form_token(admin.get("/admin/users").data)
    added = admin.post("/admin/users", data={"csrf_token": token, "username": "dana", "display_name": "Dana",
                                             "password": PASSWORD, "role_trainer": "1"}, follow_redirects=True)
    assert b"Added dana." in added.data
    dana = accounts.users.by_username("dana")
    assert dana.roles == {"trainer"}
    taken = admin.post("/admin/users", data={"csrf_token": token, "username": "DANA", "password": PASSWORD,
                                             "role_trainer": "1"}, follow_redirects=True)
    assert b"The username DANA is taken." in taken.data
    admin.post(f"/admin/users/{dana.id}/roles", data={"csrf_token": token, "role_facilitator": "1",
                                                      "role_trainer": "1"})
    assert accounts.users.get(dana.id).roles == {"trainer", "facilitator"}

    dana_browser = signed_in(app, "dana")
    admin.post(f"/admin/users/{dana.id}/password", data={"csrf_token": token, "password": "brand new pass"})
    assert dana_browser.get("/sessions").status_code == 302  # the reset signed her out
    assert sign_in(app.test_client(), "dana").status_code == 401
    assert sign_in(app.test_client(), "dana", "brand new pass").status_code == 302

    admin.post(f"/admin/users/{dana.id}/disable", data={"csrf_token": token})
    assert accounts.users.get(dana.id).disabled
    assert b"Disabled" in admin.get("/admin/users").data
    admin.post(f"/admin/users/{dana.id}/enable", data={"csrf_token": token})
    assert not accounts.users.get(dana.id).disabled


def test_an_admin_cannot_disable_themself_or_drop_their_own_admin_role(app, users, accounts):
    admin = signed_in(app, "admin")
    token = form_token(admin.get("/admin/users").data)
    me = users["admin"].id
    page = admin.post(f"/admin/users/{me}/disable", data={"csrf_token": token}, follow_redirects=True)
    assert b"You cannot disable yourself." in page.data and not accounts.users.get(me).disabled
    page = admin.post(f"/admin/users/{me}/roles", data={"csrf_token": token, "role_trainer": "1"},
                      follow_redirects=True)
    assert b"You cannot take the admin role from yourself." in page.data
    assert "admin" in accounts.users.get(me).roles


def test_bad_new_users_are_refused_with_a_reason(app, users, accounts):
    admin = signed_in(app, "admin")
    token = form_token(admin.get("/admin/users").data)
    for form, message in [({"username": "x", "password": PASSWORD, "role_trainer": "1"}, b"A username is"),
                          ({"username": "erin", "password": "short", "role_trainer": "1"}, b"A password is"),
                          ({"username": "erin", "password": PASSWORD}, b"Give at least one role.")]:
        page = admin.post("/admin/users", data={"csrf_token": token, **form}, follow_redirects=True)
        assert message in page.data
    assert accounts.users.by_username("erin") is None and accounts.users.by_username("x") is None


def test_a_password_hashed_with_other_parameters_is_rehashed_at_sign_in(app, accounts):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(PASSWORD)
    user = accounts.users.create("olga", "", old, ("facilitator",), 0.0)
    assert sign_in(app.test_client(), "olga").status_code == 302
    stored = accounts.users.get(user.id)
    assert stored.password_hash != old and "t=1" in stored.password_hash and stored.last_login_at
    assert stored.session_epoch == user.session_epoch  # a re-hash signs nobody out


# eventlet, once another test has imported it into this process, warns before every fork that eventlet may
# not work in the child; these children run no eventlet code (forkserver would avoid the warning but costs 20 s).
@pytest.mark.filterwarnings(r"ignore:Using fork\(\) is a bad idea:DeprecationWarning")
def test_processes_starting_together_agree_on_one_generated_secret_key(tmp_path, monkeypatch):
    import multiprocessing

    from game.web.auth import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    folder = str(tmp_path / "instance")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        keys = pool.map(secret_key, [folder] * 8)
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert [p.name for p in (tmp_path / "instance").iterdir()] == ["secret_key"]  # no temporary files left
    assert secret_key(folder) == keys[0]
