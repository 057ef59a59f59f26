"""The draft phase on the CRDT document: updates, refusals that change nothing, catching up."""
from __future__ import annotations

import random
from base64 import b64decode, b64encode

import pytest

from game.core import commands as c
from game.core.rules import Rejected
from game.core.rules import draft as draft_rules
from game.core.rules import events as ev
from game.core.state import TEXT_MAX
from game.service.codec import state_from_json, state_to_json
from tests.core.conftest import Table
from tests.ydraft import Typist


def refused(table: Table, command) -> str:
    before = state_to_json(table.state)
    with pytest.raises(Rejected) as caught:
        table.do(command)
    assert state_to_json(table.state) == before, "a refused update must change nothing"
    return caught.value.code


@pytest.fixture
def drafting():
    table = Table()
    table.to_phase("draft")
    return table


def test_an_update_changes_the_fields_text_and_says_who_wrote_it(drafting):
    update = Typist().insert("we_do", 0, "Greet her by name.")
    outcome = drafting.do(c.UpdateDraft("p0", update=update))
    draft = drafting.state.round.drafts[drafting.team_of("p0")]
    assert draft.fields["we_do"].text == "Greet her by name."
    assert draft.fields["we_do"].by == "Player 0" and draft.fields["we_do"].version == 1
    assert outcome.events == [ev.DraftUpdated(drafting.team_of("p0"), "p0", update, ("we_do",))]


def test_teammates_typing_into_the_same_empty_field_at_once_both_keep_their_sentence(drafting):
    mate = next(p for p in drafting.state.players if p != "p0" and drafting.team_of(p) == drafting.team_of("p0"))
    drafting.do(c.UpdateDraft("p0", update=Typist().insert("we_do", 0, "Greet her by name.")))
    drafting.do(c.UpdateDraft(mate, update=Typist().insert("we_do", 0, "Offer a chair.")))
    text = drafting.state.round.drafts[drafting.team_of("p0")].fields["we_do"].text
    assert sorted([text[:18], text[18:]]) == sorted(["Greet her by name.", "Offer a chair."]) or \
        sorted([text[:14], text[14:]]) == sorted(["Greet her by name.", "Offer a chair."])


def test_the_snapshot_keeps_the_document_and_a_loaded_copy_takes_further_updates(drafting):
    phone = Typist()
    drafting.do(c.UpdateDraft("p0", update=phone.insert("promise", 0, "We call back")))
    loaded = state_from_json(state_to_json(drafting.state))
    team = drafting.team_of("p0")
    assert loaded.round.drafts[team].document
    drafting.state = loaded
    drafting.do(c.UpdateDraft("p0", update=phone.insert("promise", None, " today.")))
    assert drafting.state.round.drafts[team].fields["promise"].text == "We call back today."


def test_leaving_the_draft_phase_keeps_the_texts_and_drops_the_document(drafting):
    drafting.do(c.UpdateDraft("p0", update=Typist().insert("promise", 0, "We listen")))
    drafting.host(c.AdvancePhase)
    draft = drafting.state.round.drafts[drafting.team_of("p0")]
    assert draft.fields["promise"].text == "We listen" and draft.document == ""
    assert '"document":""' in state_to_json(drafting.state)


def test_an_update_that_would_make_a_field_too_long_is_refused(drafting):
    phone = Typist()
    drafting.do(c.UpdateDraft("p0", update=phone.insert("response", 0, "x" * (TEXT_MAX - 5))))
    mate = Typist()
    assert refused(drafting, c.UpdateDraft("p0", update=mate.insert("response", 0, "y" * 6))) == "text_too_long"
    drafting.do(c.UpdateDraft("p0", update=Typist().insert("response", 0, "y" * 5)))


def test_an_update_that_builds_on_one_the_server_never_got_is_refused_until_both_arrive(drafting):
    phone = Typist()
    lost = phone.insert("promise", 0, "We ")
    later = phone.insert("promise", None, "listen")
    assert refused(drafting, c.UpdateDraft("p0", update=later)) == "draft_out_of_sync"
    drafting.do(c.UpdateDraft("p0", update=phone.everything()))  # what a phone sends after that refusal
    assert drafting.state.round.drafts[drafting.team_of("p0")].fields["promise"].text == "We listen"
    drafting.do(c.UpdateDraft("p0", update=lost))  # arriving late changes nothing
    assert drafting.state.round.drafts[drafting.team_of("p0")].fields["promise"].text == "We listen"


def test_an_update_to_a_text_that_is_not_a_draft_field_is_refused(drafting):
    assert refused(drafting, c.UpdateDraft("p0", update=Typist().insert("slogan", 0, "x"))) == "bad_update"


@pytest.mark.parametrize("update", ["", "not base64!", "AAAA" * 5000, 42, b64encode(b"\xff" * 12).decode()])
def test_unreadable_updates_are_refused(drafting, update):
    assert refused(drafting, c.UpdateDraft("p0", update=update)) == "bad_update"


def test_fuzzed_updates_are_refused_or_applied_but_never_break_the_document(drafting):
    """Random bytes, and real updates with bytes flipped, cut or added: each is refused with
    bad_update / draft_out_of_sync / text_too_long and changes nothing, or is applied; the
    document goes on taking good updates either way."""
    rng = random.Random(12)
    phone = Typist()
    team = drafting.team_of("p0")
    good = [phone.insert("promise", None, f"word{i} ") for i in range(5)]
    for update in good:
        drafting.do(c.UpdateDraft("p0", update=update))
    for attempt in range(400):
        raw = bytearray(b64decode(rng.choice(good)))
        kind = attempt % 4
        if kind == 0:
            raw = bytearray(rng.randbytes(rng.randint(1, 60)))
        elif kind == 1:
            for _ in range(rng.randint(1, 3)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        elif kind == 2:
            raw = raw[:rng.randrange(1, len(raw))]
        else:
            raw += rng.randbytes(rng.randint(1, 8))
        before = state_to_json(drafting.state)
        try:
            drafting.do(c.UpdateDraft("p0", update=b64encode(bytes(raw)).decode()))
        except Rejected as refusal:
            assert refusal.code in ("bad_update", "draft_out_of_sync", "text_too_long", "draft_too_large")
            assert state_to_json(drafting.state) == before
    text_before = drafting.state.round.drafts[team].fields["promise"].text
    drafting.do(c.UpdateDraft("p0", update=Typist().insert("we_dont", 0, "Blame")))
    assert drafting.state.round.drafts[team].fields["we_dont"].text == "Blame"
    assert drafting.state.round.drafts[team].fields["promise"].text == text_before


def test_catching_up_gives_a_phone_what_it_lacks_by_its_state_vector(drafting):
    ana, ben = Typist(), Typist()
    drafting.do(c.UpdateDraft("p0", update=ana.insert("response", 0, "Dear Sanne,")))
    ben_pid = next(p for p in drafting.state.players if p != "p0" and drafting.team_of(p) == drafting.team_of("p0"))
    answer = draft_rules.catch_up(drafting.state, ben_pid, ben.state_vector())
    ben.receive(answer["update"])
    assert ben.text("response") == "Dear Sanne,"
    assert answer["state_vector"] == ana.state_vector()
    again = draft_rules.catch_up(drafting.state, ben_pid, ben.state_vector())
    ben.receive(again["update"])
    assert ben.text("response") == "Dear Sanne,"


@pytest.mark.parametrize("vector, code", [("", "bad_state_vector"), ("%%%", "bad_state_vector"),
                                          (b64encode(b"\x05\x01").decode(), "bad_state_vector")])
def test_an_unreadable_state_vector_is_refused(drafting, vector, code):
    with pytest.raises(Rejected) as caught:
        draft_rules.catch_up(drafting.state, "p0", vector)
    assert caught.value.code == code


def test_catching_up_outside_the_draft_phase_is_refused():
    table = Table()
    table.to_phase("story")
    with pytest.raises(Rejected) as caught:
        draft_rules.catch_up(table.state, "p0", Typist().state_vector())
    assert caught.value.code == "not_in_phase"


def test_a_snapshot_from_before_the_documents_keeps_its_texts_when_the_team_types_on(drafting):
    """Upgraded mid-draft: an older snapshot has the texts but no document."""
    from game.core.state import Draft
    team = drafting.team_of("p0")
    old = Draft()
    old.fields["promise"].text = "We listen"
    drafting.state.round.drafts[team] = Draft.model_validate_json(old.model_dump_json(exclude={"document"}))
    phone = Typist()
    phone.receive(draft_rules.catch_up(drafting.state, "p0", phone.state_vector())["update"])
    assert phone.text("promise") == "We listen"
    drafting.do(c.UpdateDraft("p0", update=phone.insert("promise", None, " first")))
    assert drafting.state.round.drafts[team].fields["promise"].text == "We listen first"


def test_a_whole_text_edit_in_an_older_log_replays_into_the_document(drafting):
    drafting.do(c.EditDraft("p0", field="promise", text="Call back today", base_version=0))
    drafting.do(c.EditDraft("p0", field="promise", text="Call back today by five", base_version=1))
    team = drafting.team_of("p0")
    assert drafting.state.round.drafts[team].fields["promise"].text == "Call back today by five"
    phone = Typist()
    phone.receive(draft_rules.catch_up(drafting.state, "p0", phone.state_vector())["update"])
    assert phone.text("promise") == "Call back today by five"


def test_a_draft_document_made_in_one_thread_takes_updates_in_another():
    """Under ASYNC_MODE=threading each event runs in its own thread: the session lock lets one
    at a time touch a team's document, but not always the thread that made it (pycrdt >= 0.14
    allows that; core/draft_doc.py relies on it)."""
    import threading

    from game.core.draft_doc import DraftDoc
    document, phone = DraftDoc(), Typist()
    document.apply(b64decode(phone.insert("promise", 0, "made here")))
    failures = []

    def elsewhere():
        try:
            document.apply(b64decode(phone.insert("promise", None, ", typed there")))
        except BaseException as error:  # noqa: BLE001 - a Rust panic is a BaseException
            failures.append(error)

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert failures == [] and document.texts()["promise"] == "made here, typed there"


def test_a_document_grown_past_its_size_limit_takes_no_more_updates(drafting, monkeypatch):
    from game.core import draft_doc
    monkeypatch.setattr(draft_doc, "DOCUMENT_MAX_BYTES", 120)
    phone = Typist()
    drafting.do(c.UpdateDraft("p0", update=phone.insert("response", 0, "Dear Sanne,")))
    code = None
    for word in range(40):  # far below the text limit, past this (lowered) document limit
        try:
            drafting.do(c.UpdateDraft("p0", update=phone.insert("response", None, f" word{word}")))
        except Rejected as refusal:
            code = refusal.code
            break
    assert code == "draft_too_large"
    assert drafting.state.round.drafts[drafting.team_of("p0")].fields["response"].text.startswith("Dear Sanne,")
