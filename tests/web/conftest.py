import pytest

from app import create_app

PASSWORD = "trainer-password"


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "SECRET_KEY": "test",
                       "WTF_CSRF_ENABLED": False, "ASYNC_MODE": "threading",
                       "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})


def signed_in(app, username: str, roles) -> object:
    app.extensions["cxgame_accounts"].create_user(username, PASSWORD, roles, display_name=username.title())
    client = app.test_client()
    answer = client.post("/signin", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


@pytest.fixture
def client(app):
    """A trainer who also runs sessions (both roles, as most trainers have)."""
    return signed_in(app, "ans", ("trainer", "facilitator"))
