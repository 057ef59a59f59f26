"""Files readable by others: the database (and its WAL) and the signing key were mode 644."""
import stat
from pathlib import Path

from sqlalchemy import text

from game.store.db import make_engine, migrate, private_folder
from game.web.auth import secret_key


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_wal_and_shm_files_are_readable_by_their_owner_only(tmp_path):
    folder = tmp_path / "instance"
    engine = make_engine(f"sqlite:///{folder / 'cxgame.db'}")
    migrate(engine)
    with engine.begin() as db:  # something in the WAL
        db.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
        db.execute(text("INSERT INTO probe VALUES (1)"))
    files = [folder / name for name in ("cxgame.db", "cxgame.db-wal", "cxgame.db-shm")]
    assert all(f.exists() for f in files)
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert mode(folder) == 0o700
    engine.dispose()


def test_a_database_left_readable_by_an_older_version_is_tightened(tmp_path):
    path = tmp_path / "old.db"
    make_engine(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_the_instance_folder_and_the_signing_key_are_private(tmp_path, monkeypatch):
    from app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "test"})
    assert mode(Path(app.instance_path)) == 0o700
    monkeypatch.delenv("SECRET_KEY", raising=False)
    folder = tmp_path / "instance"
    secret_key(str(folder))
    assert mode(folder) == 0o700
    assert mode(folder / "secret_key") == 0o600
    (folder / "secret_key").chmod(0o644)  # copied in by hand
    secret_key(str(folder))
    assert mode(folder / "secret_key") == 0o600
    assert mode(private_folder(tmp_path / "new" / "nested")) == 0o700
