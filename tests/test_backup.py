"""Backups (issue 9.11): `flask --app web backup` and `restore` put the database and the uploads back
as they were, on SQLite and PostgreSQL; the database, the uploads and the backups are for the app's
user only."""

import os
import stat
import tarfile
from pathlib import Path

import pytest

from tests.conftest import PG_URL
from web import db as database
from web.models import Unit, User


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def config_overrides(tmp_path):
    return {"UPLOAD_DIR": str(tmp_path / "uploads"), "BACKUP_DIR": str(tmp_path / "backups")}


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_backup_and_restore_round_trip(app, demo, tmp_path):
    uploads = Path(app.config["UPLOAD_DIR"])
    uploads.mkdir(mode=0o700)
    (uploads / ("a" * 32 + ".jpg")).write_bytes(b"\xff\xd8 photo before")
    units = sorted(u.code for u in Unit.select())
    users = User.select().count()

    output = run(app, "backup")
    path = Path(output.split("Backup written: ")[1].strip())
    assert path.parent == Path(app.config["BACKUP_DIR"]) and path.exists()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    with tarfile.open(path) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and f"uploads/{'a' * 32}.jpg" in names
    assert ("database.sql" if PG_URL else "database.sqlite3") in names

    # After the backup: a unit added, a user renamed, a photo replaced by another.
    with database.db.connection_context():
        Unit.create(code="BARU", name="Unit setelah cadangan")
        User.update(full_name="Diganti").where(User.username == "petugas1").execute()
    (uploads / ("a" * 32 + ".jpg")).unlink()
    (uploads / ("b" * 32 + ".jpg")).write_bytes(b"later")

    run(app, "restore", str(path), "--yes")
    with database.db.connection_context():
        assert sorted(u.code for u in Unit.select()) == units
        assert User.select().count() == users
        assert User.by_username("petugas1").full_name != "Diganti"
        assert User.by_username("petugas1").check_password("jangkau-demo")
    assert sorted(p.name for p in uploads.iterdir()) == ["a" * 32 + ".jpg"]
    assert (uploads / ("a" * 32 + ".jpg")).read_bytes() == b"\xff\xd8 photo before"
    assert mode(uploads) == 0o700 and mode(uploads / ("a" * 32 + ".jpg")) == 0o600

    # The restored database still works for the app.
    client = app.test_client()
    assert client.get("/login").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(app, demo, tmp_path):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    result = app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "not a Jangkau backup" in result.output


@pytest.mark.skipif(bool(PG_URL), reason="the SQLite file")
def test_a_new_sqlite_database_is_for_the_apps_user_only(tmp_path):
    path = tmp_path / "new" / "jangkau.db"
    sqlite = database.open_database(f"sqlite:///{path}")
    database.upgrade(sqlite)
    with sqlite.connection_context():
        sqlite.execute_sql("CREATE TABLE IF NOT EXISTS probe (x)")
        sqlite.execute_sql("INSERT INTO probe VALUES (1)")
        assert mode(path) == 0o600
        assert mode(str(path) + "-wal") == 0o600  # SQLite gives its WAL the database file's mode
    assert mode(path.parent) == 0o700
