"""The phase done-checks stop at the first player still to act; they must agree with the plain definition."""
import random

from game.core import commands as c
from game.core.rules.phases import PHASES
from game.core.rules.vote import can_vote
from game.core.state import Phase

from .conftest import Table


def plainly_done(state) -> bool:
    present = [p for p in state.players.values() if not p.away]
    current = state.round
    if state.phase == Phase.DIAGNOSE:
        return bool(present) and all(current.ticks.get(p.id) for p in present)
    if state.phase == Phase.DRAFT:
        teams = {p.team_id for p in present}
        return bool(teams) and all(t in current.drafts and current.drafts[t].submitted for t in teams)
    return all(p.id in current.votes for p in present if can_vote(state, p))


def test_done_checks_agree_with_the_plain_definition_on_random_rounds():
    for seed in range(40):
        rng = random.Random(seed)
        table = Table(players=rng.randint(1, 9), teams=rng.randint(1, 3))
        ids = list(table.state.players)
        table.to_phase("diagnose")
        for phase in ("diagnose", "draft", "vote"):
            if table.state.phase != phase:
                table.to_phase(phase)
            state = table.state
            for pid in ids:
                state.players[pid].away = rng.random() < 0.3
                if rng.random() < 0.6:
                    if phase == "diagnose":
                        state.round.ticks[pid] = rng.choice([[], ["kick"]])
                    elif phase == "draft":
                        table.write(pid)
                        state.round.drafts[table.team_of(pid)].submitted = rng.random() < 0.7
                    else:
                        others = [e for e, t in state.round.entries.items() if t != table.team_of(pid)]
                        if others:
                            state.round.votes[pid] = rng.choice(others)
            assert PHASES[state.phase].done(state) == plainly_done(state), (seed, phase)
            for pid in ids:
                state.players[pid].away = False


def test_a_vote_burst_ends_the_phase_exactly_when_the_last_present_voter_votes():
    table = Table(players=30, teams=3, grace=0)
    table.to_phase("draft")
    for team in table.state.teams:
        writer = next(p for p in table.state.players.values() if p.team_id == team.id)
        table.write(writer.id)
    table.to_phase("vote")
    table.state.players["p0"].away = True  # away players are not waited for
    voters = [pid for pid in table.state.players if pid != "p0"]
    random.Random(3).shuffle(voters)
    for pid in voters[:-1]:
        table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
        assert table.state.phase == "vote"
    last = voters[-1]
    table.do(c.CastVote(last, entry_id=table.other_entry(last)))
    assert table.state.phase == "reveal"


def plainly_player_done(state, player_id) -> bool:
    current = state.round
    if current is None:
        return False
    if state.phase == Phase.DIAGNOSE:
        return bool(current.ticks.get(player_id))
    if state.phase == Phase.VOTE:
        return player_id in current.votes
    if state.phase == Phase.DRAFT:
        draft = current.drafts.get(state.players[player_id].team_id)
        return bool(draft and draft.submitted)
    return False


def test_the_host_view_marks_exactly_the_players_who_are_done_in_every_phase():
    from game.core.views import host_view

    table = Table(players=7, teams=3)
    seen = set()
    for _ in range(14):
        state = table.state
        if state.phase == "diagnose":
            table.do(c.TickDiagnose("p1", options=("kick",)))
        if state.phase == "draft":
            table.write("p2")
            table.do(c.SubmitDraft("p2", submitted=True))
        if state.phase == "vote":
            table.do(c.CastVote("p3", entry_id=table.other_entry("p3")))
        marks = {p["id"]: p["done"] for p in host_view(state)["players"]}
        assert marks == {pid: plainly_player_done(state, pid) for pid in state.players}, state.phase
        seen.add((state.phase.value, any(marks.values())))
        if state.phase == "finished":
            break
        table.host(c.AdvancePhase)
    assert {("diagnose", True), ("draft", True), ("vote", True), ("lobby", False)} <= seen
