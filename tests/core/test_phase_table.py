"""The phase table: what follows each phase, and one rule per phase for who is done."""
import random

import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.rules.phases import PHASES, done_rule, following
from tests.core.conftest import Table


def test_the_phases_with_a_task_that_can_be_done_are_diagnose_draft_vote_and_choose():
    assert [phase for phase, spec in PHASES.items() if spec.done is not None] == [
        Phase.DIAGNOSE, Phase.DRAFT, Phase.VOTE, Phase.CHOOSE]


def test_only_draft_and_vote_end_early_when_everyone_is_done():
    # Diagnose and choose keep their live chart up until the facilitator moves on.
    assert [phase for phase, spec in PHASES.items() if spec.done is not None and spec.closes_early] == [
        Phase.DRAFT, Phase.VOTE]


def test_next_leads_through_the_round_then_to_the_next_card_and_after_the_last_to_the_end():
    table = Table(cards=2)
    steps = [following(table.state)]
    table.host(c.StartGame)
    while table.state.phase != Phase.FINISHED:
        steps.append(following(table.state))
        table.host(c.AdvancePhase)
    assert steps[:6] == [(Phase.STORY, 0), (Phase.DIAGNOSE, 0), (Phase.DRAFT, 0), (Phase.VOTE, 0),
                         (Phase.REVEAL, 0), (Phase.STORY, 1)]
    assert steps[-1] == (Phase.FINISHED, 1)
    assert following(table.state) is None


def scramble(table: Table, rng: random.Random) -> None:
    """Players away at random, and a random part of them having done the phase's task."""
    state = table.state
    for pid in state.players:
        state.players[pid].away = rng.random() < 0.3
        if rng.random() < 0.4:
            continue
        if state.phase == Phase.DIAGNOSE:
            state.round.marks[pid] = rng.choice([[], ["kick"]])
        elif state.phase == Phase.DRAFT:
            table.write(pid)
            state.round.drafts[table.team_of(pid)].submitted = rng.random() < 0.7
        else:
            others = [e for e, t in state.round.entries.items() if t != table.team_of(pid)]
            if others:
                state.round.votes[pid] = rng.choice(others)


def random_table(phase: str, rng: random.Random) -> Table:
    table = Table(players=rng.randint(1, 9), teams=rng.randint(1, 3))
    table.to_phase("draft" if phase == "vote" else phase)
    if phase == "vote":
        for pid in table.state.players:
            if rng.random() < 0.5:
                table.write(pid)  # some teams' drafts on the ballot, maybe none
        table.to_phase("vote")
    scramble(table, rng)
    return table


@pytest.mark.parametrize("phase", ["diagnose", "draft", "vote"])
def test_a_phase_is_done_exactly_when_its_progress_is_complete(phase):
    """The early end stops at the first player still to act; the progress counts everyone. They agree."""
    for seed in range(40):
        table = random_table(phase, random.Random(seed))
        rule = done_rule(table.state)
        progress = rule.progress(table.state)
        complete = progress.done == progress.total and (progress.total > 0 or rule.done_when_nobody_waited_for)
        assert rule.is_done(table.state) == complete, (seed, progress)
