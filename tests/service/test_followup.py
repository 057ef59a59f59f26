"""The follow-up's rules: every promise of the charter answered once per phone and month, the
answers counted month by month, hidden answers left out."""
import pytest

from game.core import commands as c
from game.core.rules import Rejected
from game.service.followup import FollowUpAnswer, FollowUps, month_of
from tests.core.conftest import Table


class MemoryFollowUps:
    def __init__(self):
        self.tokens, self.rows = {}, []

    def token_of(self, code):
        return self.tokens.get(code)

    def create_link(self, code, token, now):
        return self.tokens.setdefault(code, token)

    def session_of(self, token):
        return next((code for code, t in self.tokens.items() if t == token), None)

    def add(self, code, month, device_hash, answers, now):
        if any(r[0] == code and r[1] == month and r[2] == device_hash for r in self.rows):
            return False
        for promise_id, answer, why in answers:
            self.rows.append([code, month, device_hash, promise_id, answer, why, False, now])
        return True

    def answered(self, code, month, device_hash):
        return any(r[:3] == [code, month, device_hash] for r in self.rows)

    def answers(self, code):
        return [FollowUpAnswer(i, r[1], r[3], r[4], r[5], r[6], r[7]) for i, r in enumerate(self.rows) if r[0] == code]

    def set_hidden(self, code, answer_id, hidden):
        if 0 <= answer_id < len(self.rows) and self.rows[answer_id][0] == code:
            self.rows[answer_id][6] = hidden
            return True
        return False


def chartered():
    """A finished session whose charter is p1, p2, p3."""
    table = Table(cards=0, promises=True)
    table.host(c.StartGame)
    table.write("p0", "We call back\nWe listen\nWe explain the bill", field="promises")
    for _ in range(5):
        table.host(c.AdvancePhase)
    assert table.state.board.chosen == ["p1", "p2", "p3"]
    return table.state


JANUARY = 1798761600.0  # 2027-01-01 UTC


@pytest.fixture
def followups():
    clock = [JANUARY + 3600]
    service = FollowUps(MemoryFollowUps(), clock=lambda: clock[0], new_token=lambda: "token-1")
    service.clock_value = clock
    return service


def answers(kind="kept"):
    return [{"promise_id": p, "answer": kind, "why": ""} for p in ("p1", "p2", "p3")]


def refused(call) -> str:
    with pytest.raises(Rejected) as caught:
        call()
    return caught.value.code


def test_the_link_needs_a_charter_and_stays_the_same(followups):
    state = chartered()
    assert followups.link("ABCDEF", state) == "token-1"
    assert followups.session_of("token-1") == "ABCDEF"
    assert refused(lambda: followups.link("ABCDEF", Table().state)) == "no_charter"


def test_a_phone_answers_every_promise_once_a_month(followups):
    state = chartered()
    assert followups.answer("ABCDEF", state, "phone-a", answers()) == "2027-01"
    assert refused(lambda: followups.answer("ABCDEF", state, "phone-a", answers("not"))) == "already_answered"
    followups.clock_value[0] += 31 * 24 * 3600
    assert followups.answer("ABCDEF", state, "phone-a", answers("partly")) == "2027-02"


@pytest.mark.parametrize("given, code", [
    (answers()[:2], "unknown_promise"),
    (answers() + [{"promise_id": "p1", "answer": "kept"}], "unknown_promise"),
    ([{**a, "answer": "maybe"} for a in answers()], "bad_answer"),
    ([{**a, "why": "x" * 201} for a in answers()], "text_too_long"),
    ([{**a, "why": "bell\x07"} for a in answers()], "bad_text"),
    ("kept", "bad_payload"),
    ([], "bad_payload"),
])
def test_a_bad_answer_is_refused_and_stores_nothing(followups, given, code):
    assert refused(lambda: followups.answer("ABCDEF", chartered(), "phone-a", given)) == code
    assert followups.all_answers("ABCDEF") == []


def test_the_results_count_each_month_and_leave_hidden_answers_out(followups):
    state = chartered()
    followups.answer("ABCDEF", state, "phone-a", answers("kept"))
    followups.answer("ABCDEF", state, "phone-b", [{**a, "why": "no rota yet"} for a in answers("not")])
    followups.hide("ABCDEF", followups.all_answers("ABCDEF")[3].id, True)  # phone-b's p1
    january = followups.results("ABCDEF")["2027-01"]
    assert (january["p1"].kept, january["p1"].not_kept) == (1, 0)
    assert (january["p2"].kept, january["p2"].not_kept, january["p2"].why) == (1, 1, ["no rota yet"])
    assert refused(lambda: followups.hide("ABCDEF", 99, True)) == "unknown_answer"


def test_months_are_calendar_months_in_utc():
    assert month_of(JANUARY - 1) == "2026-12" and month_of(JANUARY) == "2027-01"
