"""The follow-up and organisations on the web: the charter's link, the public monthly answers
(one per phone and month, by its cookie), the owner's results and moderation, and My sessions
grouped by client organisation."""
from game.core import commands as c
from tests.ydraft import Typist


def finished_with_a_charter(app, owner_client, organisation="Camping De Linde") -> str:
    """A session of the signed-in facilitator that ended with the charter p1, p2, p3."""
    created = owner_client.post("/api/sessions", json={"deck_id": "our-promises-en", "organisation": organisation})
    assert created.status_code == 201, created.get_json()
    code = created.get_json()["code"]
    service = app.extensions["cxgame"].service
    player, _ = service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))
    lines = Typist().insert("promises", 0, "We call back\nWe listen\nWe explain")
    service.execute(code, c.UpdateDraft(player, update=lines))
    for _ in range(5):
        service.execute(code, c.AdvancePhase(c.HOST))
    assert service.state(code).board.chosen == ["p1", "p2", "p3"]
    return code


def answers(kind="kept"):
    return {"answers": [{"promise_id": p, "answer": kind, "why": "on the rota"} for p in ("p1", "p2", "p3")]}


def test_a_phone_answers_the_charters_promises_once_a_month_through_the_link(app, client):
    code = finished_with_a_charter(app, client)
    link = client.post(f"/api/sessions/{code}/followup", json={})
    assert link.status_code == 200
    url = link.get_json()["url"]
    token = url.rsplit("/f/", 1)[1]
    assert client.post(f"/api/sessions/{code}/followup", json={}).get_json()["url"] == url  # always the same
    assert client.get(f"/api/sessions/{code}/followup/qr.svg").mimetype == "image/svg+xml"

    phone = app.test_client()  # no account
    assert phone.get(f"/f/{token}").status_code == 200
    read = phone.get(f"/api/followup/{token}").get_json()
    assert [p["text"] for p in read["promises"]] == ["We call back", "We listen", "We explain"]
    assert read["answered"] is False and read["organisation"] == "Camping De Linde"
    sent = phone.post(f"/api/followup/{token}", json=answers())
    assert sent.status_code == 201
    again = phone.post(f"/api/followup/{token}", json=answers("not"))
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_answered")
    assert phone.get(f"/api/followup/{token}").get_json()["answered"] is True
    other = app.test_client()
    bad = other.post(f"/api/followup/{token}", json={"answers": [{"promise_id": "p1", "answer": "maybe"}]})
    assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "bad_answer")
    partial = other.post(f"/api/followup/{token}", json={"answers": answers()["answers"][:2]})
    assert (partial.status_code, partial.get_json()["error"]["code"]) == (400, "unknown_promise")
    assert other.post(f"/api/followup/{token}", json=answers("partly")).status_code == 201
    unknown = app.test_client().get("/api/followup/no-such-token")
    assert (unknown.status_code, unknown.get_json()["error"]["code"]) == (404, "unknown_followup")


def test_the_owner_sees_the_results_by_month_and_hides_an_answer(app, client):
    code = finished_with_a_charter(app, client)
    token = client.post(f"/api/sessions/{code}/followup", json={}).get_json()["url"].rsplit("/f/", 1)[1]
    phone = app.test_client()
    phone.post(f"/api/followup/{token}", json=answers("not"))
    page = client.get(f"/sessions/{code}/followup").get_data(as_text=True)
    assert "We call back" in page and "on the rota" in page and "0 / 0 / 1" in page
    first = app.extensions["cxgame"].followups.all_answers(code)[0]
    hidden = client.post(f"/api/sessions/{code}/followup/answers/{first.id}", json={"hidden": True})
    assert hidden.get_json() == {"hidden": True}
    assert "p1" not in app.extensions["cxgame"].followups.results(code)[first.month]
    stranger = app.test_client()
    assert stranger.post(f"/api/sessions/{code}/followup/answers/{first.id}", json={"hidden": False}).status_code == 403
    assert client.post(f"/api/sessions/{code}/followup/answers/99999", json={"hidden": True}).status_code == 404


def test_a_session_without_a_charter_has_no_follow_up(app, client):
    created = client.post("/api/sessions", json={"deck_id": "complaints-at-the-counter-en"}).get_json()
    refused = client.post(f"/api/sessions/{created['code']}/followup", json={})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (409, "no_charter")


def test_my_sessions_groups_and_filters_by_organisation_and_an_organisation_has_its_page(app, client):
    linde = finished_with_a_charter(app, client, "Camping De Linde")
    other = finished_with_a_charter(app, client, "Fietsenmaker\u202e Bakker ")
    listing = client.get("/sessions").get_data(as_text=True)
    assert "Camping De Linde" in listing and "Fietsenmaker Bakker" in listing and "\u202e" not in listing
    # Grouped under their organisation, the group with the newest session first.
    table = listing[listing.index('id="session-list"'):]
    order = [table.index(text) for text in ("Fietsenmaker Bakker", other, "Camping De Linde", linde)]
    assert order == sorted(order)
    filtered = client.get("/sessions?organisation=Camping De Linde").get_data(as_text=True)
    assert linde in filtered and other not in filtered
    page = client.get("/organisations/Camping De Linde")
    assert page.status_code == 200 and "We call back" in page.get_data(as_text=True)
    assert client.get("/organisations/Nobody").status_code == 404
