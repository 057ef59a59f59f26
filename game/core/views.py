"""What each audience may see. Secrets (other teams' drafts, who voted what,
facilitator notes, key answers) are left out here, not in the browser.

A full view is a dict of sections: ``session`` (everyone in the session),
``team`` (one team), ``me`` (one player) and ``host`` (the facilitator).
Clients replace whole sections as they arrive. Each section carries the
session's ``version`` it was built from, given by the caller (the version is
the authority's count of stored changes, not part of the state), so a client
can ignore a section older than the one it holds.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .deck import PromisesActivity
from .phase import ROUND_PHASES, Phase
from .promises_view import host_promises, promises_view, team_document
from .rules.diagnose import tally
from .rules.phases import done_rule, following
from .scoring import leaderboard, votes_per_entry
from .screen_view import screen_view
from .state import DRAFT_FIELDS, Draft, Player, Round, SessionState

View = dict[str, Any]

REVEALED = (Phase.REVEAL,)
DRAFTED = (Phase.DRAFT, Phase.VOTE, Phase.REVEAL)  # the phases in which every team has a draft


def timer_view(state: SessionState, now: float) -> View:
    return {"deadline": state.deadline, "paused_remaining": state.paused_remaining, "server_now": now}


def progress_view(state: SessionState) -> View | None:
    """How many of those the phase waits for have done its task (the phase table's rule)."""
    rule = done_rule(state)
    if rule is None:
        return None
    progress = rule.progress(state)
    return {"done": progress.done, "total": progress.total, "unit": progress.unit}


def _public_card(state: SessionState) -> View:
    card = state.card
    return {
        "id": card.id, "index": state.card_index, "title": card.title,
        "customer": card.customer.model_dump(mode="json"),
        "story": card.story, "short_story": card.short_story,
        "diagnose": {"question": card.diagnose.question,
                     "options": [{"id": o.id, "label": o.label} for o in card.diagnose.options]},
        "prompts": card.prompts.model_dump(mode="json"),
    }


def _texts(draft: Draft) -> dict[str, str]:
    return {name: draft.fields[name].text for name in DRAFT_FIELDS}


def _results(state: SessionState, card_round: Round) -> list[View]:
    counts = votes_per_entry(card_round)
    teams = {team.id: team for team in state.teams}
    rows = []
    for entry, team_id in card_round.ballot().items():  # a draft hidden since is off the screen
        team = teams[team_id]
        rows.append({"entry_id": entry, "team_id": team_id, "team_name": team.name, "color": team.color,
                     **_texts(card_round.drafts[team_id]), "votes": counts[entry],
                     "points": card_round.points.get(team_id, 0)})
    return sorted(rows, key=lambda row: -row["points"])


def promise_wall(state: SessionState) -> list[View]:
    wall = []
    for card_round in state.rounds:
        teams = []
        for team in state.teams:
            draft = card_round.drafts.get(team.id)
            if draft is None or draft.hidden or draft.is_empty():
                continue
            teams.append({"team_id": team.id, "team_name": team.name, "color": team.color, **_texts(draft)})
        if teams:
            wall.append({"card_title": state.deck.cards[card_round.card_index].title, "teams": teams})
    return wall


def session_view(state: SessionState, now: float, version: int | None = None) -> View:
    sizes = Counter(p.team_id for p in state.players.values())  # one pass, not one per team
    view: View = {
        "version": version, "code": state.code, "title": state.deck.title, "language": state.language,
        "phase": state.phase.value, "card_index": state.card_index, "card_count": len(state.deck.cards),
        "timer": timer_view(state, now),
        "teams": [{"id": t.id, "name": t.name, "color": t.color, "size": sizes[t.id]} for t in state.teams],
        "player_count": len(state.players),
        "early_end": state.settings.early_end,
        "progress": progress_view(state),
        # Which kind of activity the card being played is: "case" or "promises".
        "activity": state.activity.type,
        "card": _public_card(state) if state.phase in ROUND_PHASES else None,
        "promises": promises_view(state),
        "ballot": None, "results": None, "leaderboard": None, "wall": None,
    }
    current = state.round
    if state.phase == Phase.VOTE and current is not None:
        view["ballot"] = [{"entry_id": entry, **_texts(current.drafts[team])}
                          for entry, team in current.ballot().items()]
    if state.phase == Phase.REVEAL and current is not None:
        card = state.card
        view["results"] = {
            "entries": _results(state, current),
            "model_response": card.model_response,
            "key_options": [o.id for o in card.diagnose.options if o.key],
            "tally": tally(state, current),
        }
    if state.phase in (Phase.REVEAL, Phase.FINISHED):
        view["leaderboard"] = leaderboard(state)
    if state.phase == Phase.FINISHED:
        view["wall"] = promise_wall(state)
    return view


def team_views(state: SessionState, team_ids: Iterable[str], version: int | None = None) -> dict[str, View]:
    """``team_view`` for several teams with one pass over the players, not one per team."""
    members: dict[str, list[Player]] = {team_id: [] for team_id in team_ids}
    for player in state.players.values():
        if player.team_id in members:
            members[player.team_id].append(player)
    return {team_id: team_view(state, team_id, version, members[team_id])
            for team_id in members if state.team(team_id) is not None}


def team_view(state: SessionState, team_id: str, version: int | None = None,
              members: list[Player] | None = None) -> View:
    team = state.team(team_id)
    if team is None:
        raise KeyError(f"no team {team_id!r} in session {state.code}")
    members = state.members(team_id) if members is None else members
    view: View = {"version": version, "id": team.id, "name": team.name, "color": team.color,
                  "members": [{"id": p.id, "name": p.name, "away": p.away} for p in members],
                  "perspective": None, "draft": None, "own_entry": None, "ballot_order": None}
    current = state.round
    if current is None:
        view["draft"] = team_document(state, team_id)
        return view
    perspectives = state.card.perspectives
    if perspectives:
        # Deal one side of the story per team, in team order.
        view["perspective"] = perspectives[state.teams.index(team) % len(perspectives)].model_dump(mode="json")
    draft = current.drafts.get(team_id)
    if draft is None and state.phase in DRAFTED:
        draft = Draft()  # a team formed during the draft phase has an empty draft, as every other
    if draft is not None:
        view["draft"] = {"fields": {name: {"text": f.text, "version": f.version, "by": f.by}
                                    for name, f in draft.fields.items()},
                         "submitted": draft.submitted, "hidden": draft.hidden}
    if state.phase == Phase.VOTE:
        ballot = current.ballot()
        entries = list(current.entries)  # shuffled whole, so hiding a draft moves no other
        random.Random(f"{state.seed}:{state.card_index}:{team_id}").shuffle(entries)
        view["ballot_order"] = [entry for entry in entries if entry in ballot]
        view["own_entry"] = next((e for e, t in ballot.items() if t == team_id), None)
    return view


def me_view(state: SessionState, player_id: str, version: int | None = None) -> View:
    player = state.players[player_id]
    current = state.round
    # "ticks" is the wire name of a player's diagnose marks, kept for clients written before the rename.
    return {"version": version, "player_id": player.id, "name": player.name, "team_id": player.team_id,
            "ticks": current.marks.get(player_id, []) if current else [],
            "vote": current.votes.get(player_id) if current else None,
            "dots": list(state.board.dots.get(player_id, [])) if state.board else []}


def host_view(state: SessionState, version: int | None = None) -> View:
    current = state.round
    rule = done_rule(state)
    done = rule.has_done(state) if rule is not None else (lambda player: False)
    step = following(state)
    view: View = {
        "version": version,
        # Where "next" leads: the following phase of this card, "story" of the next card,
        # "finished" after the last card, None once finished.
        "next_phase": step[0].value if step else None,
        "players": [{"id": p.id, "name": p.name, "team_id": p.team_id, "away": p.away,
                     "done": done(p)} for p in state.players.values()],
        "notes": None, "tally": None, "votes": None, "entries": None, "drafts": None,
        "key_options": None, "model_response": None, "step": state.step, "locked": state.locked,
        "promises": host_promises(state),
    }
    activity = state.activity
    if isinstance(activity, PromisesActivity) and state.board is not None:
        view["notes"] = activity.notes.model_dump(mode="json")
    if current is None:
        return view
    card = state.card
    view["notes"] = card.notes.model_dump(mode="json")
    view["key_options"] = [o.id for o in card.diagnose.options if o.key]
    view["model_response"] = card.model_response
    view["tally"] = tally(state, current)
    view["drafts"] = {team_id: {**_texts(d), "submitted": d.submitted, "hidden": d.hidden}
                      for team_id, d in current.drafts.items()}
    if state.phase in (Phase.VOTE, Phase.REVEAL):
        view["entries"] = dict(current.entries)
        view["votes"] = votes_per_entry(current)
    return view


def full_view(state: SessionState, now: float, player_id: str | None = None, host: bool = False,
              version: int | None = None, screen: bool = False) -> View:
    view = {"session": session_view(state, now, version)}
    if screen:
        view["screen"] = screen_view(state, version)
    if player_id is not None:
        view["me"] = me_view(state, player_id, version)
        view["team"] = team_view(state, state.players[player_id].team_id, version)
    if host:
        view["host"] = host_view(state, version)
    return view
