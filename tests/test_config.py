"""Configuration from the environment, the database settings, demo-data rules."""

import subprocess
import sys

import pytest

from web import db as database
from web.demo import DemoRefused, seed


def run_config(env):
    code = "from web.config import Config; c = Config.from_env(); print(c.ENV, bool(c.SECRET_KEY))"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=str(database.Path(__file__).resolve().parents[1]),
    )


def test_secret_key_is_required_outside_development():
    result = run_config({"JANGKAU_ENV": "production"})
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr
    ok = run_config({"JANGKAU_ENV": "production", "SECRET_KEY": "x" * 64})
    assert ok.returncode == 0 and ok.stdout.split() == ["production", "True"]


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    sqlite = database.open_database(f"sqlite:///{tmp_path / 'x.db'}")
    with sqlite.connection_context():
        assert sqlite.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert sqlite.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert sqlite.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_database_url_must_be_sqlite_or_postgresql():
    with pytest.raises(ValueError):
        database.open_database("mysql://x@127.0.0.1/y")


def test_demo_data_only_once(app):
    seed(force_any_database=True)
    with pytest.raises(DemoRefused):
        seed(force_any_database=True)


def test_demo_data_never_on_postgresql(app):
    if database.is_embedded():
        pg = database.PostgresqlDatabase("jangkau", host="127.0.0.1")
        assert not database.is_embedded(pg)
        return
    with pytest.raises(DemoRefused):
        seed()


def test_seed_demo_command_says_why_it_skips(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    if database.is_embedded():
        assert "Demo data added" in first.output
        assert "already has users" in second.output
    else:
        assert "only for the embedded SQLite database" in first.output
