"""What each audience may see. Secrets (other teams' drafts, who voted what,
facilitator notes, key answers) are left out here, not in the browser.

A full view is a dict of sections: ``session`` (everyone in the session),
``team`` (one team), ``me`` (one player) and ``host`` (the facilitator).
Clients replace whole sections as they arrive.
"""
from __future__ import annotations

import random
from collections import Counter

from .rules.diagnose import tally
from .rules.phases import PHASES
from .rules.vote import can_vote
from .scoring import leaderboard
from .state import DRAFT_FIELDS, ROUND_PHASES, Phase, Round, SessionState

REVEALED = (Phase.REVEAL,)


def timer_view(state: SessionState, now: float) -> dict:
    return {"deadline": state.deadline, "paused_remaining": state.paused_remaining, "server_now": now}


def progress_view(state: SessionState) -> dict | None:
    current = state.round
    if current is None or PHASES[state.phase].done is None:
        return None
    present = state.present_players()
    if state.phase == Phase.DIAGNOSE:
        return {"done": sum(1 for p in present if current.ticks.get(p.id)), "total": len(present), "unit": "players"}
    if state.phase == Phase.DRAFT:
        teams = {p.team_id for p in present}
        done = sum(1 for t in teams if t in current.drafts and current.drafts[t].submitted)
        return {"done": done, "total": len(teams), "unit": "teams"}
    voters = [p for p in present if can_vote(state, p)]
    return {"done": sum(1 for p in voters if p.id in current.votes), "total": len(voters), "unit": "players"}


def _public_card(state: SessionState) -> dict:
    card = state.card
    return {
        "id": card.id, "index": state.card_index, "title": card.title,
        "customer": card.customer.model_dump(mode="json"),
        "story": card.story, "short_story": card.short_story,
        "diagnose": {"question": card.diagnose.question,
                     "options": [{"id": o.id, "label": o.label} for o in card.diagnose.options]},
        "prompts": card.prompts.model_dump(mode="json"),
    }


def _texts(draft) -> dict:
    return {name: draft.fields[name].text for name in DRAFT_FIELDS}


def _results(state: SessionState, card_round: Round) -> list[dict]:
    counts = {entry: 0 for entry in card_round.entries}
    for entry in card_round.votes.values():
        if entry in counts:
            counts[entry] += 1
    rows = []
    for entry, team_id in card_round.entries.items():
        team = state.team(team_id)
        rows.append({"entry_id": entry, "team_id": team_id, "team_name": team.name, "color": team.color,
                     **_texts(card_round.drafts[team_id]), "votes": counts[entry],
                     "points": card_round.points.get(team_id, 0)})
    return sorted(rows, key=lambda row: -row["points"])


def promise_wall(state: SessionState) -> list[dict]:
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


def session_view(state: SessionState, now: float) -> dict:
    sizes = Counter(p.team_id for p in state.players.values())  # one pass, not one per team
    view = {
        "code": state.code, "title": state.deck.title, "language": state.language,
        "phase": state.phase.value, "card_index": state.card_index, "card_count": len(state.deck.cards),
        "timer": timer_view(state, now),
        "teams": [{"id": t.id, "name": t.name, "color": t.color, "size": sizes[t.id]} for t in state.teams],
        "player_count": len(state.players),
        "progress": progress_view(state),
        "card": _public_card(state) if state.phase in ROUND_PHASES else None,
        "ballot": None, "results": None, "leaderboard": None, "wall": None,
    }
    current = state.round
    if state.phase == Phase.VOTE:
        view["ballot"] = [{"entry_id": entry, **_texts(current.drafts[team])}
                          for entry, team in current.entries.items()]
    if state.phase == Phase.REVEAL:
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


def team_views(state: SessionState, team_ids) -> dict[str, dict]:
    """``team_view`` for several teams with one pass over the players, not one per team."""
    members: dict[str, list] = {team_id: [] for team_id in team_ids}
    for player in state.players.values():
        if player.team_id in members:
            members[player.team_id].append(player)
    return {team_id: team_view(state, team_id, members[team_id])
            for team_id in members if state.team(team_id) is not None}


def team_view(state: SessionState, team_id: str, members: list | None = None) -> dict:
    team = state.team(team_id)
    members = state.members(team_id) if members is None else members
    view = {"id": team.id, "name": team.name, "color": team.color,
            "members": [{"id": p.id, "name": p.name, "away": p.away} for p in members],
            "perspective": None, "draft": None, "own_entry": None, "ballot_order": None}
    current = state.round
    if current is None:
        return view
    perspectives = state.card.perspectives
    if perspectives:
        # Deal one side of the story per team, in team order.
        view["perspective"] = perspectives[state.teams.index(team) % len(perspectives)].model_dump(mode="json")
    draft = current.drafts.get(team_id)
    if draft is not None:
        view["draft"] = {"fields": {name: {"text": f.text, "version": f.version, "by": f.by}
                                    for name, f in draft.fields.items()},
                         "replaced": {name: [r.model_dump() for r in f.replaced]
                                      for name, f in draft.fields.items() if f.replaced},
                         "submitted": draft.submitted, "hidden": draft.hidden}
    if state.phase == Phase.VOTE:
        entries = list(current.entries)
        random.Random(f"{state.seed}:{state.card_index}:{team_id}").shuffle(entries)
        view["ballot_order"] = entries
        view["own_entry"] = next((e for e, t in current.entries.items() if t == team_id), None)
    return view


def me_view(state: SessionState, player_id: str) -> dict:
    player = state.players[player_id]
    current = state.round
    return {"player_id": player.id, "name": player.name, "team_id": player.team_id,
            "ticks": current.ticks.get(player_id, []) if current else [],
            "vote": current.votes.get(player_id) if current else None}


def host_view(state: SessionState) -> dict:
    current = state.round
    done = _done_check(state)
    view = {
        "players": [{"id": p.id, "name": p.name, "team_id": p.team_id, "away": p.away,
                     "done": done(p)} for p in state.players.values()],
        "notes": None, "tally": None, "votes": None, "entries": None, "drafts": None,
        "key_options": None, "model_response": None,
    }
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
        counts = {entry: 0 for entry in current.entries}
        for entry in current.votes.values():
            counts[entry] = counts.get(entry, 0) + 1
        view["votes"] = counts
    return view


def _done_check(state: SessionState):
    """Whether a player has done the phase's task, as a function with the round looked up once
    (the host view lists every player: 1,000 lookups per flush)."""
    current = state.round
    if current is None or state.phase not in (Phase.DIAGNOSE, Phase.VOTE, Phase.DRAFT):
        return lambda player: False
    if state.phase == Phase.DIAGNOSE:
        ticks = current.ticks
        return lambda player: bool(ticks.get(player.id))
    if state.phase == Phase.VOTE:
        votes = current.votes
        return lambda player: player.id in votes
    submitted = {team_id for team_id, draft in current.drafts.items() if draft.submitted}
    return lambda player: player.team_id in submitted


def full_view(state: SessionState, now: float, player_id: str | None = None, host: bool = False) -> dict:
    view = {"session": session_view(state, now)}
    if player_id is not None:
        view["me"] = me_view(state, player_id)
        view["team"] = team_view(state, state.players[player_id].team_id)
    if host:
        view["host"] = host_view(state)
    return view
