"""No interface text written straight into a template or a script: every word goes through t().

Templates: the Jinja tags are taken out, the HTML is parsed, and any visible
text node or user-visible attribute (title, placeholder, aria-label, alt, an input
button's value) that still holds letters is a hard-coded string.

JavaScript builds the DOM with h(tag, attrs, ...children) from static/js/dom.js
and sets text with setText()/textContent. A small JavaScript lexer (js_tokens.py)
tokenizes each file; a string literal with letters is a hard-coded string when it is a
child passed to h(), the value of a text/title/placeholder/aria-label/alt/label
attribute, the text given to setText(), textContent, innerText or title, or
the message of confirm()/alert()/prompt().
"""
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.web.js_tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]
LETTER = re.compile(r"[^\W\d_]")
# Not words: example codes in the join-code field.
ALLOWED = {"K7PQ2M"}
VISIBLE_ATTRS = {"title", "placeholder", "aria-label", "alt"}
BUTTON_TYPES = {"submit", "button", "reset"}
MARK = "\x00"  # stands for a {{ ... }} expression: text that came from t() or from data


def words(text: str) -> bool:
    text = text.replace(MARK, " ").strip()
    return bool(LETTER.search(text)) and text not in ALLOWED


class TemplateText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            # An <input type=submit>'s value is its label; a <button>'s value is data (a dialog's returnValue).
            visible = name in VISIBLE_ATTRS or (
                name == "value" and tag == "input" and attrs.get("type") in BUTTON_TYPES)
            if visible and value and words(value):
                self.problems.append(f'<{tag} {name}="{value}">')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and words(data):
            self.problems.append(data.strip())


def template_problems(source: str) -> list[str]:
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    # base.html puts this block inside <body class="...">: a CSS class, not text.
    source = re.sub(r"\{%-?\s*block body_class\s*-?%\}.*?\{%-?\s*endblock\s*-?%\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", MARK, source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", "", source, flags=re.S)
    parser = TemplateText()
    parser.feed(source)
    parser.close()
    return parser.problems


TEXT_ATTRS = {"text", "title", "placeholder", "aria-label", "alt", "label"}
TEXT_PROPERTIES = (".textContent", ".innerText", ".title", ".placeholder", ".ariaLabel", ".alt")
MESSAGE_CALLS = {"confirm", "alert", "prompt"}
COMPARISON = {"==", "!=", "===", "!==", "<", ">", "<=", ">=", "["}


def literal_words(token) -> bool:
    value = token.value[1:-1]
    if token.type == "template_string":
        # Drop the ${...} parts, nested ones too (the lexer may cut a nested template literal short).
        value = re.sub(r"\$\{.*(\}|$)", MARK, value, flags=re.S)
    return words(value)


def script_problems(source: str) -> list[str]:
    tokens = list(tokenize(source))
    problems = []
    calls = []  # open calls we watch: [name, depth inside its parentheses, argument index]
    depth = 0
    for i, tok in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.type == "operator" and tok.value in "([{":
            depth += 1
            if tok.value == "(" and before is not None and before.type == "name":
                name = before.value.rsplit(".", 1)[-1]
                if name in {"h", "setText"} | MESSAGE_CALLS:
                    calls.append([name, depth, 0])
            continue
        if tok.type == "operator" and tok.value in ")]}":
            if calls and calls[-1][1] == depth:
                calls.pop()
            depth -= 1
            continue
        if tok.type == "operator" and tok.value == "," and calls and calls[-1][1] == depth:
            calls[-1][2] += 1
            continue
        if tok.type not in ("string", "template_string") or not literal_words(tok):
            continue
        where = f"line {tok.lineno}: {tok.value}"
        # x === "lobby", map["key"]: a value compared or looked up, not shown (the lexer splits === into == =)
        compared = before is not None and (before.value in COMPARISON or (
            before.value == "=" and i >= 2 and tokens[i - 2].value in COMPARISON)) \
            or after is not None and after.value in COMPARISON | {"]"}
        # text = "...", title: "..." (an attribute of h() or any options object)
        if before is not None and before.value == ":" and i >= 2 and \
                tokens[i - 2].value.strip("\"'") in TEXT_ATTRS:
            problems.append(where)
        # el.textContent = "..."
        elif before is not None and before.value == "=" and i >= 2 and tokens[i - 2].type == "name" \
                and tokens[i - 2].value.endswith(TEXT_PROPERTIES):
            problems.append(where)
        elif calls and calls[-1][1] == depth and not compared:
            name, _, index = calls[-1]
            if (name == "h" and index >= 2) or (name == "setText" and index == 1) or name in MESSAGE_CALLS:
                problems.append(where)
    return problems


def test_the_checks_catch_hard_coded_text():
    assert template_problems('<p class="x">{{ t("a.b") }}</p><button>Save</button>') == ["Save"]
    assert template_problems('<input placeholder="Your name" value="3"><img alt="{{ t(\'x\') }}">') \
        == ['<input placeholder="Your name">']
    assert template_problems('<input type="submit" value="Go"><button value="cancel">{{ t("x") }}</button>') \
        == ['<input value="Go">']
    assert template_problems('<script>const x = "words";</script>{% if a %}{{ code }} · {{ t("k") }}{% endif %}') == []
    found = script_problems('''
        h("button", { class: "btn", title: "Close it" }, "Close");
        h("p", null, t("ok"), ready ? "Ready now" : t("wait"), `${n} · ${m}`);
        h("p", null, `Card ${n}`);
        el.textContent = "Hello";
        setText(status, "Saved");
        if (phase === "lobby") h("p", { class: "lobby" }, code);
        confirm("Sure?");
        h("input", { placeholder: "K7PQ2M" });
    ''')
    assert [p.split(": ", 1)[1] for p in found] == [
        '"Close it"', '"Close"', '"Ready now"', "`Card ${n}`", '"Hello"', '"Saved"', '"Sure?"']


def test_no_template_has_hard_coded_text():
    problems = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found = template_problems(path.read_text(encoding="utf-8"))
        if found:
            problems[path.relative_to(ROOT).as_posix()] = found
    assert problems == {}


def test_no_script_has_hard_coded_text():
    problems = {}
    scripts = sorted((ROOT / "static" / "js").rglob("*.js"))
    assert len(scripts) > 10
    for path in scripts:
        found = script_problems(path.read_text(encoding="utf-8"))
        if found:
            problems[path.relative_to(ROOT).as_posix()] = found
    assert problems == {}
