"""Player text in the exports: only ever text. The review's Markdown export still let player text
add setext headings, ordered lists, strikethrough and bare autolinks to the client's report, and
control and bidi characters (ESC, NUL, U+202E) reached all three exports raw."""
import csv
import io
import json

import pytest
from markdown_it import MarkdownIt

from game.core import commands as c
from game.core.export import export_csv, export_data, export_markdown
from tests.core.conftest import Table

ATTACKS = [
    "Setext heading\n===", "Another one\n---", "1. ordered\n2) list", "- bullet\n+ bullet\n* bullet",
    "~~struck~~ and ~single~", "visit www.evil.example now", "https://evil.example/x and mail@evil.example",
    "<b>html</b><script>alert(1)</script>", "[link](https://evil.example) ![img](https://evil.example/a.png)",
    "# heading", "> quote", "    indented code", "```\nfenced\n```", "| a | b |\n|---|---|\n| c | d |",
    "**bold** __bold__ *em* _em_", "&lt;&amp;&#x41;&copy;", "\\*escaped\\*", "***", "hard  \nbreak",
    "[^1] and [^1]: note", "- [ ] task", "<https://evil.example>", "line one\n\n\nline two", "+++", "1)",
]
CONTROL = ["\x1b[31m", "\x00", "\u202e", "\u2066", "\u200f", "\x07", "\x7f", "\x9b"]
EVIL_NAME = "Eve\x1b[31m\u202egpj.exe\x00\u2066"


def played(texts: list[str], names: list[str]) -> Table:
    """A round with every draft field and every player name taken from the lists, voted and revealed."""
    table = Table(players=len(names), teams=2, cards=1)
    for pid, name in zip(sorted(table.state.players), names, strict=True):
        table.state.players[pid].name = name  # whatever the name rules at join let through
    table.to_phase("draft")
    fields = ("response", "promise", "we_do", "we_dont")
    for index, text in enumerate(texts):
        author = "p0" if index % 2 == 0 else "p1"
        field = fields[index // 2 % len(fields)]
        draft = table.state.round.drafts.get(table.team_of(author))
        base = draft.fields[field].version if draft else 0
        table.do(c.EditDraft(author, field=field, text=(draft.fields[field].text + "\n" if draft and base else "")
                             + text, base_version=base))
    table.to_phase("vote")
    for pid in table.state.players:
        table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
    table.to_phase("reveal")
    return table


def benign(text: str) -> str:
    return "\n".join(f"plain words {i}" for i, line in enumerate(text.splitlines()) if line.strip())


def label(key: str, **values) -> str:
    return key + "".join(f" {v}" for v in values.values())


def shape(markdown: str) -> list[tuple]:
    """The structure markdown-it (GFM-like: tables, strikethrough, linkify) makes of a document."""
    tokens = MarkdownIt("gfm-like").parse(markdown)
    out = []
    for token in tokens:
        if token.type == "inline":
            out.append(("inline", tuple(child.type for child in token.children)))
        else:
            out.append((token.type, token.tag))
    return out


def texts_of(markdown: str) -> str:
    parts = []
    for token in MarkdownIt("gfm-like").parse(markdown):
        if token.type == "inline":
            parts.append("".join(child.content if child.type == "text" else "\n" for child in token.children))
    return "\n".join(parts)


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


@pytest.mark.parametrize("attacks", chunks(ATTACKS, 5))
def test_player_text_in_the_markdown_export_makes_only_text_nodes(attacks):
    evil_names = [attacks[0].replace("\n", " "), "Name " + attacks[-1].replace("\n", " "), "Zed", "Yan"]
    plain_names = ["Plain name a", "Plain name b", "Zed", "Yan"]
    evil = export_markdown(played(attacks, evil_names).state, label)
    good = export_markdown(played([benign(a) for a in attacks], plain_names).state, label)
    assert shape(evil) == shape(good)  # the same headings, lists and paragraphs: player text added none
    rendered = texts_of(evil)
    for attack in attacks:
        for line in attack.splitlines():
            assert line.strip() in rendered  # and it reads exactly as the player wrote it


def test_control_and_bidi_characters_never_reach_any_export():
    text = "Our promise" + "".join(CONTROL) + " stands"
    state = played([text, "Their promise"], [EVIL_NAME, "Plain", "Zed", "Yan"]).state
    exports = {"md": export_markdown(state, label), "csv": export_csv(state),
               "json": json.dumps(export_data(state), ensure_ascii=False)}
    for kind, body in exports.items():
        for character in CONTROL + ["\x00"]:
            assert character not in body, (kind, repr(character))
    assert "Our promise[31m stands" in exports["csv"]  # the text itself is kept, only the controls go
    rows = list(csv.reader(io.StringIO(exports["csv"])))
    assert any("Eve[31mgpj.exe" in cell for row in rows for cell in row)
