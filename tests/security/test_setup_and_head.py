"""/setup on a fresh install and HEAD requests: DNS rebinding and HEAD-as-POST made admins."""
import pytest

from tests.accounts import csrf_token
from tests.security.conftest import PASSWORD, add_user

FORM = {"username": "mallory", "display_name": "M", "password": "mallory-password",
        "password_again": "mallory-password"}


def users(app) -> int:
    return app.extensions["cxgame_accounts"].users.count()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "127.0.0.1.nip.io", "localhost.evil.example",
                                  "192.168.1.20:5000"])
def test_dns_rebinding_cannot_open_or_submit_setup(app, host):
    """The browser runs on this computer (REMOTE_ADDR 127.0.0.1) but the page is the attacker's."""
    client = app.test_client()
    assert client.get("/setup", headers={"Host": host}).status_code == 404
    answer = client.post("/setup", data=FORM, headers={"Host": host})
    assert answer.status_code in (400, 404)
    assert users(app) == 0


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000", "[::1]:5000"])
def test_setup_still_opens_on_this_computers_own_name(app, host):
    client = app.test_client()
    page = client.get("/setup", headers={"Host": host})
    assert page.status_code == 200
    done = client.post("/setup", headers={"Host": host},
                       data={**FORM, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert done.status_code == 302 and users(app) == 1


def test_a_head_request_with_a_body_cannot_create_the_first_admin(app):
    answer = app.test_client().open("/setup", method="HEAD", data=FORM)
    assert answer.status_code == 200
    assert users(app) == 0


def test_a_head_request_with_a_body_cannot_sign_in(app):
    add_user(app)
    client = app.test_client()
    client.open("/signin", method="HEAD", data={"username": "fac", "password": PASSWORD})
    assert client.get("/sessions").status_code == 302  # still sent to the sign-in page


def test_no_view_answers_both_get_and_post(app):
    """Flask answers HEAD with the GET view: a view that also takes POST could change state on HEAD."""
    mixed = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert mixed == []
