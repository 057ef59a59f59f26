"""The session as Markdown, CSV and plain data: every draft, vote and tally."""
from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from .deck import Card
from .promise_board import PARTS
from .promises_view import charter
from .rules.diagnose import tally
from .scoring import leaderboard, votes_per_entry
from .state import DRAFT_FIELDS, Round, SessionState


def _name_of(state: SessionState, player_id: str) -> str:
    player = state.players.get(player_id)
    return plain(player.name if player else state.former_players.get(player_id, player_id))


def _round_data(state: SessionState, card_round: Round) -> dict[str, Any]:
    card = state.deck.cards[card_round.card_index]
    assert isinstance(card, Card)  # rounds are played on cases only
    entry_of = {team: entry for entry, team in card_round.entries.items()}
    votes = votes_per_entry(card_round)
    drafts = []
    for team in state.teams:
        draft = card_round.drafts.get(team.id)
        if draft is None:
            continue
        entry = entry_of.get(team.id)
        drafts.append({"team_id": team.id, "team_name": team.name,
                       **{name: plain(draft.fields[name].text) for name in DRAFT_FIELDS},
                       "submitted": draft.submitted, "hidden": draft.hidden, "entry": entry,
                       "votes": votes.get(entry, 0) if entry else 0,
                       "points": card_round.points.get(team.id, 0)})
    counts = tally(state, card_round)
    ballots = []
    for voter, entry in card_round.votes.items():
        voted_for = state.team(card_round.entries.get(entry, ""))
        ballots.append({"player_id": voter, "voter": _name_of(state, voter), "entry": entry,
                        "team_id": voted_for.id if voted_for else None,
                        "team_name": voted_for.name if voted_for else WITHDRAWN})
    return {
        "card_id": card.id, "card_title": plain(card.title),
        "options": [{"id": o.id, "label": plain(o.label), "key": o.key, "ticks": counts[o.id]}
                    for o in card.diagnose.options],
        "tally": counts,
        "key_options": [o.id for o in card.diagnose.options if o.key],
        "drafts": drafts,
        "ballots": ballots,
    }

# Control characters (C0 but tab and newline, DEL, C1) and the bidi formatting characters that can
# make a report read differently from what it says (U+202E turns "gpj.exe" around): stripped from
# every export, whatever the name rules at join let through.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` without control and bidi formatting characters (a \r\n line end becomes \n)."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _plain_all(value: Any) -> Any:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {_plain_all(k): _plain_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_all(v) for v in value]
    return value


def export_data(state: SessionState) -> dict[str, Any]:
    """The JSON export (its shape: docs/protocol.md, "Exports"). Ids are the views' ids; control and
    bidi characters are stripped from every string in it."""
    data: dict[str, Any] = _plain_all(_export_data(state))
    return data


def _export_data(state: SessionState) -> dict[str, Any]:
    return {
        "code": state.code, "title": plain(state.deck.title), "deck_id": state.deck.id,
        "language": state.language, "phase": state.phase.value,
        "created_at": datetime.fromtimestamp(state.created_at, UTC).isoformat(timespec="seconds"),
        "teams": [{"id": t.id, "name": t.name, "color": t.color,
                   "members": [{"id": p.id, "name": plain(p.name)} for p in state.members(t.id)]}
                  for t in state.teams],
        "leaderboard": leaderboard(state),
        "rounds": [_round_data(state, card_round) for card_round in state.rounds],
        **_promises_data(state),
    }


def _promises_data(state: SessionState) -> dict[str, Any]:
    """The promises activity: every promise with its dots, and the charter (null without one)."""
    board = state.board
    if board is None:
        return {"promises": None, "charter": None}
    tally = board.tally()
    return {
        "promises": [{"id": item.id, "text": item.text, "team_id": item.team_id, "card_index": item.card_index,
                      "merged_into": item.merged_into, "hidden": item.hidden, "dots": tally.get(item.id)}
                     for item in board.items.values()],
        "charter": [{"id": row["id"], "text": row["text"], "commitment": row["commitment"],
                     "teams": [{key: team[key] for key in ("team_id", "team_name", *PARTS)} for team in row["teams"]]}
                    for row in charter(state, board)],
    }


WITHDRAWN = "(withdrawn)"  # a ballot for a team that no longer exists


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


_PUNCTUATION = frozenset(string.punctuation)


def _md(text: str) -> str:
    """Player text as Markdown that renders as exactly that text, never as structure.

    CommonMark lets a backslash escape any ASCII punctuation, so all of it is escaped: no
    heading (# or a setext === / --- line), list (-, +, *, 1. or 1)), quote, code, table,
    emphasis, strikethrough, link, autolink (the dots and colons of www.x.y and http://
    are escaped too) or HTML. Lines are stripped, so none becomes an indented code block,
    and blank lines are dropped, so the text stays one paragraph.
    """
    lines = (line.strip() for line in text.splitlines())
    return "\n".join("".join("\\" + ch if ch in _PUNCTUATION else ch for ch in line) for line in lines if line)


def export_markdown(state: SessionState, t: Callable[..., str]) -> str:
    """The session as a Markdown report; t(key, **values) gives the labels in the session's language."""
    # t("key") calls stay outside f-strings so Babel's extractor sees them (tests/web/test_catalogs.py).
    data = export_data(state)

    def count(key: str, n: int) -> str:
        return t(f"{key}.{'one' if n == 1 else 'other'}", n=n)

    out = [f"# {_md(data['title'])}", "", t("export.session", code=data["code"], created_at=data["created_at"]), "",
           "## " + t("export.leaderboard"), "",
           "| " + " | ".join([t("export.rank"), t("export.team"), t("export.points")]) + " |", "|---|---|---|"]
    out += [f"| {row['rank']} | {_md(row['name'])} | {row['points']} |" for row in data["leaderboard"]]
    out += ["", "## " + t("export.teams"), ""]
    nobody, empty, key_option, hidden = t("export.nobody"), "_" + t("export.empty") + "_", t("export.key_option"), \
        t("export.hidden")
    out += [f"- **{_md(team['name'])}**: {', '.join(_md(m['name']) for m in team['members']) or nobody}"
            for team in data["teams"]]
    for number, card_round in enumerate(data["rounds"], 1):
        out += ["", "## " + t("export.round", n=number, title=_md(card_round["card_title"])), "",
                "### " + t("export.what_went_wrong"), ""]
        out += [f"- {_md(option['label'])}: {option['ticks']}" + (f" {key_option}" if option["key"] else "")
                for option in card_round["options"]]
        for draft in card_round["drafts"]:
            flags = f" {hidden}" if draft["hidden"] else ""
            out += ["", f"### {_md(draft['team_name'])}{flags}: "
                        f"{count('votes', draft['votes'])}, {count('points', draft['points'])}", ""]
            out += ["**" + t("export.response") + "**", "", _md(draft["response"]) or empty, ""]
            out += ["**" + t("entry.promise") + "**", "", _md(draft["promise"]) or empty, ""]
            out += ["**" + t("entry.we_do") + "**", ""] + [f"- {_md(line)}" for line in _lines(draft["we_do"])] + [""]
            out += ["**" + t("entry.we_dont") + "**", ""] + [f"- {_md(line)}" for line in _lines(draft["we_dont"])]
        if card_round["ballots"]:
            out += ["", "### " + t("export.votes"), ""]
            out += [f"- {_md(b['voter'])} → {_md(b['team_name'])}" for b in card_round["ballots"]]
    out += _charter_markdown(data["charter"], t)
    return "\n".join(out) + "\n"


def _charter_markdown(rows: list[dict[str, Any]] | None, t: Callable[..., str]) -> list[str]:
    if rows is None:
        return []
    out = ["", "## " + t("promises.charter.title")]
    if not rows:
        out += ["", t("promises.none_chosen")]
    for number, row in enumerate(rows, 1):
        c = row["commitment"] or {}
        out += ["", f"### {number}. {_md(row['text'])}", "",
                f"- {t('controls.promises.owner')}: {_md(c.get('owner') or '') or '-'}",
                f"- {t('controls.promises.first_step')}: {_md(c.get('first_step') or '') or '-'}",
                f"- {t('controls.promises.due')}: {c.get('due') or '-'}"]
        for team in row["teams"]:
            out += ["", f"#### {_md(team['team_name'])}"]
            for part in PARTS:
                if team[part].strip():
                    out += ["", f"**{t('promises.part.' + part)}**", ""]
                    out += [f"- {_md(line)}" for line in _lines(team[part])]
    return out


def _cell(value: object) -> str:
    # Spreadsheets run cells that start with these as formulas; quote them as text.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = ["round", "card_id", "card", "record", "team_id", "team", "player_id", "option_id", "field", "value"]


def _csv_rows(card_round: dict[str, Any]) -> Iterator[list[Any]]:
    """The rows of one round (docs/protocol.md, "Exports"), each without its first three cells."""
    for option in card_round["options"]:
        yield ["tally", "", "", "", option["id"], option["label"], option["ticks"]]
        if option["key"]:
            yield ["key_option", "", "", "", option["id"], option["label"], 1]
    for draft in card_round["drafts"]:
        for name in DRAFT_FIELDS + ("votes", "points", "submitted", "hidden"):
            yield ["draft", draft["team_id"], draft["team_name"], "", "", name, draft[name]]
    for ballot in card_round["ballots"]:
        yield ["vote", ballot["team_id"] or "", ballot["team_name"], ballot["player_id"], "", "voter", ballot["voter"]]


def export_csv(state: SessionState) -> str:
    data = export_data(state)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for number, card_round in enumerate(data["rounds"], 1):
        for row in _csv_rows(card_round):
            writer.writerow([number, card_round["card_id"], *map(_cell, [card_round["card_title"], *row])])
    for row in data["leaderboard"]:
        writer.writerow(["", "", "", "total", row["team_id"], _cell(row["name"]), "", "", "points", row["points"]])
    activity = state.deck.cards[-1]
    for row in _charter_rows(data):
        writer.writerow(["", activity.id, _cell(activity.title), *map(_cell, row)])
    return buffer.getvalue()


def _charter_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    """The promises activity's rows (docs/protocol.md, "Exports"): every promise's dots, then the
    charter (each promise's text and commitment, each team's behaviours), without the first three cells."""
    for item in data["promises"] or []:
        yield ["promise", item["team_id"] or "", "", "", item["id"], "text", item["text"]]
        dots = item["dots"] if item["dots"] is not None else ""
        yield ["promise", item["team_id"] or "", "", "", item["id"], "dots", dots]
    for row in data["charter"] or []:
        c = row["commitment"] or {}
        yield ["charter", "", "", "", row["id"], "text", row["text"]]
        for name in ("owner", "first_step", "due"):
            yield ["charter", "", "", "", row["id"], name, c.get(name, "")]
        for team in row["teams"]:
            for part in PARTS:
                yield ["charter", team["team_id"], team["team_name"], "", row["id"], part, team[part]]
