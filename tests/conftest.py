"""Fixtures for every test: a migrated database per test, the app, a client, logins per role,
and (in tests/browser/) a live server with real headless Chromium at a phone size.

The database is SQLite (a fresh copy of a migrated file per test) unless DATABASE_URL points at
PostgreSQL, in which case the schema is migrated once and the tables are emptied after each test.
"""

import os
import re
import shutil
import threading
import uuid

import pytest
from werkzeug.serving import make_server

from tests.factories import make_field
from web import create_app
from web import db as database
from web.config import TestingConfig
from web.demo import DEMO_PASSWORD, seed

SERVER_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
# Under pytest-xdist (`make test` runs two processes) each process empties its own database between
# tests: gw0 uses <name>_gw0, made on the same server at the start of the session.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_URL = f"{SERVER_URL}_{WORKER}" if SERVER_URL and WORKER else SERVER_URL


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """SQLite: one migrated file, copied for each test. PostgreSQL: the schema migrated once."""
    if PG_URL:
        if PG_URL != SERVER_URL:
            _create_database(SERVER_URL, PG_URL.rpartition("/")[2])
        pg = database.open_database(PG_URL)
        with pg.connection_context():
            pg.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            pg.execute_sql("CREATE SCHEMA public")
        database.upgrade(pg)
        return PG_URL
    path = tmp_path_factory.mktemp("db") / "template.db"
    sqlite = database.open_database(f"sqlite:///{path}")
    database.upgrade(sqlite)
    sqlite.close()
    return str(path)


@pytest.fixture
def database_url(_template_db, tmp_path):
    if PG_URL:
        yield PG_URL
        _empty_postgres(PG_URL)
    else:
        path = tmp_path / "jangkau.db"
        shutil.copy(_template_db, path)
        yield f"sqlite:///{path}"


def _create_database(server_url, name):
    server = database.open_database(server_url)
    with server.connection_context():
        if not server.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            server.execute_sql(f'CREATE DATABASE "{name}"')


def _empty_postgres(url):
    """Between tests only: the audit table refuses TRUNCATE (a trigger), so this one session of the
    test harness (superuser) sets triggers aside; the app's own connections never do."""
    pg = database.open_database(url)
    with pg.connection_context():
        tables = [t for t in pg.get_tables() if t != "schema_migration"]
        if tables:
            with pg.atomic():
                pg.execute_sql("SET LOCAL session_replication_role = replica")
                pg.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def make_config(url, **overrides):
    folder = os.path.dirname(url.replace("sqlite:///", "")) if url.startswith("sqlite") else "/tmp"
    attrs = {"DATABASE_URL": url, "UPLOAD_DIR": os.path.join(folder, "uploads-" + uuid.uuid4().hex[:8])}
    attrs.update(overrides)
    return type("TestConfig", (TestingConfig,), attrs)


@pytest.fixture
def config_overrides():
    """Override in a test module to change configuration, e.g. {"WTF_CSRF_ENABLED": False}."""
    return {}


@pytest.fixture
def app(database_url, config_overrides):
    # No app context is held open here: each request must get its own `g` (and its own user).
    app = create_app(make_config(database_url, **config_overrides))
    yield app
    if not database.db.is_closed():
        database.db.close()
    database.close_pool()  # PostgreSQL: the app's pooled connections, so that none outlives its test


@pytest.fixture
def demo(app):
    """The demo units and users: {"UPTD-PPA": unit, "UPTD-PPA-SPL": unit}."""
    return seed(force_any_database=True)


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html):
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that logs in like a person and sends the CSRF token like a form does."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        if response.mimetype == "text/html":
            match = CSRF_RE.search(response.get_data(as_text=True))
            if match:
                self.token = match.group(1) or match.group(2)
        return response

    def post(self, url, data=None, **kw):
        data = dict(data or {})
        if "csrf_token" not in data:
            if self.token is None:
                self.get("/login")
            data["csrf_token"] = self.token
        return self.client.post(url, data=data, **kw)

    def login(self, username, password=DEMO_PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 302, f"login as {username} failed: {response.status_code}"
        self.get("/")
        return self


@pytest.fixture
def login(app, demo):
    """login("petugas1") -> a Browser logged in as that demo user (a new client each call)."""

    def _login(username, password=DEMO_PASSWORD):
        return Browser(app.test_client()).login(username, password)

    return _login


@pytest.fixture
def anon(app):
    return Browser(app.test_client())


# ---- Live server for browser tests ---------------------------------------------------------


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 on a free port, in a thread, for real browsers."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    thread.join(5)


@pytest.fixture
def field(demo):
    """An approved plan in UPTD-PPA with two targets (a child of 15, an adult), petugas1 assigned."""
    return make_field(demo)


@pytest.fixture
def count_queries(app, monkeypatch):
    """count_queries(fn) -> the SQL statements fn() sent to the database (an N+1 shows as a count
    that grows with the rows)."""
    real = database.db.obj.execute_sql
    counter = {"on": False, "n": 0}

    def execute_sql(sql, params=None, *args, **kwargs):
        counter["n"] += counter["on"]
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.db.obj, "execute_sql", execute_sql)

    def _count(fn):
        counter.update(on=True, n=0)
        try:
            fn()
        finally:
            counter["on"] = False
        return counter["n"]

    return _count
