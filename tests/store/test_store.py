"""SQLAlchemy storage and deck files: the contracts the service relies on."""
from pathlib import Path

from click.testing import CliRunner

from game.service.ports import LoggedCommand
from game.store.db import make_engine, migrate
from game.store.deck_files import load_library
from game.store.sessions import SqlSessionRepository

ROOT = Path(__file__).resolve().parents[2]


def repository(tmp_path) -> SqlSessionRepository:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(engine)
    migrate(engine)  # running migrations again on every start is harmless
    return SqlSessionRepository(engine)


def test_a_save_only_wins_against_the_version_it_read(tmp_path):
    repo = repository(tmp_path)
    assert repo.create("ABCDEF", "{}", "hash", "deck", None, 1.0)
    assert not repo.create("ABCDEF", "{}", "hash", "deck", None, 1.0)
    assert repo.save("ABCDEF", 1, "story", 50.0, [LoggedCommand("StartGame", "{}", 2.0)], 2.0)
    assert repo.save_snapshot("ABCDEF", 2, '{"a": 1}')
    assert not repo.save("ABCDEF", 1, "story", None, [], 3.0)
    assert not repo.save_snapshot("ABCDEF", 1, '{"b": 2}')
    stored = repo.load("ABCDEF")
    assert (stored.version, stored.state_json) == (2, '{"a": 1}')
    assert [entry.kind for entry in repo.log("ABCDEF")] == ["Created", "StartGame"]


def test_a_save_appends_to_the_log_and_the_snapshot_changes_only_with_save_snapshot(tmp_path):
    repo = repository(tmp_path)
    repo.create("ABCDEF", '{"v": 1}', "hash", "deck", None, 1.0)
    assert repo.save("ABCDEF", 1, "lobby", None, [LoggedCommand("Join", '{"n": 1}', 2.0)], 2.0)
    assert repo.save("ABCDEF", 2, "lobby", None, [LoggedCommand("Join", '{"n": 2}', 3.0),
                                                 LoggedCommand("Join", '{"n": 3}', 3.0)], 3.0)
    stored = repo.load("ABCDEF")
    assert (stored.version, stored.state_json) == (3, '{"v": 1}')
    assert [(e.payload, e.version) for e in stored.after] == [('{"n": 1}', 2), ('{"n": 2}', 3), ('{"n": 3}', 3)]
    assert [e.version for e in repo.log_since("ABCDEF", 2)] == [3, 3]
    assert repo.save("ABCDEF", 3, "story", None, [LoggedCommand("StartGame", "{}", 4.0)], 4.0)
    assert repo.save_snapshot("ABCDEF", 4, '{"v": 4}')
    stored = repo.load("ABCDEF")
    assert (stored.version, stored.state_json, stored.after) == (4, '{"v": 4}', [])
    assert not repo.save("ABCDEF", 3, "story", None, [LoggedCommand("Join", "{}", 5.0)], 5.0)
    assert repo.version("ABCDEF") == 4


def test_due_sessions_are_found_by_deadline(tmp_path):
    repo = repository(tmp_path)
    repo.create("AAAAAA", "{}", "h", "d", None, 1.0)
    repo.create("BBBBBB", "{}", "h", "d", None, 1.0)
    repo.save("AAAAAA", 1, "story", 10.0, [], 1.0)
    repo.save("BBBBBB", 1, "story", 30.0, [], 1.0)
    assert repo.due(20.0) == ["AAAAAA"]


def test_a_broken_deck_file_is_listed_with_its_problems_and_the_others_still_load(tmp_path):
    good = (ROOT / "scenarios" / "cx-ecosystem-en.toml").read_text()
    (tmp_path / "cx-ecosystem-en.toml").write_text(good)
    (tmp_path / "broken.toml").write_text("title = [unclosed\n")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00")
    library = load_library(tmp_path)
    assert list(library.decks) == ["cx-ecosystem-en"]
    assert str(library.broken["broken.toml"][0]).startswith("broken.toml: line 1: TOML syntax error")
    assert "cannot be read" in str(library.broken["binary.toml"][0])


def test_the_decks_check_command_exits_1_and_names_the_problems(tmp_path, monkeypatch):
    from app import create_app

    (tmp_path / "bad.toml").write_text('id = "bad"\n')
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "ASYNC_MODE": "threading"})
    runner = CliRunner()
    result = runner.invoke(app.cli, ["decks", "check", str(tmp_path / "bad.toml")])
    assert result.exit_code == 1 and "bad.toml: title: is required" in result.output
    result = runner.invoke(app.cli, ["decks", "check"])
    assert result.exit_code == 0 and "8 valid, 0 invalid" in result.output


def test_decks_check_as_a_trainer_runs_it_prints_the_decks_and_no_library_warnings(tmp_path):
    """`flask --app app decks check` from the README: eventlet's deprecation note (documented in the
    README) is not printed at every check, and a one-card deck is "1 card"."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "decks", "check"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "deprecated" not in (done.stdout + done.stderr).lower()
    assert "(en, 1 card)" in done.stdout and "(en, 2 cards)" in done.stdout
