"""The production server (issues 9.1, 9.2, 10.4): gunicorn through wsgi.py, ProxyFix from
JANGKAU_TRUSTED_PROXIES, HSTS over HTTPS, no versions in the Server header, BEGIN IMMEDIATE and the
pragmas on every SQLite connection, concurrent writers without errors, the connection pool, no
database work for static files, and the session cookie re-signed at most once a minute."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from tests.conftest import PG_URL, Browser
from tests.factories import make_visit
from web import db as database
from web.models import AuditLog, RiskFlag, User
from web.timeutil import now

ROOT = Path(__file__).resolve().parents[1]


# ---- ProxyFix, HSTS, Server ---------------------------------------------------------------------


@pytest.fixture
def config_overrides(request):
    return getattr(request, "param", {})


def _audited_ip(app, client):
    client.get("/login")
    client.post("/login", data={"username": "nobody", "password": "wrong-password"})
    return AuditLog.select().order_by(AuditLog.id.desc()).first()


@pytest.mark.parametrize("config_overrides", [{"TRUSTED_PROXIES": 1}], indirect=True)
def test_one_trusted_proxy_gives_the_clients_address_and_https(app, demo):
    client = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "jangkau.example"}
    seen = {}

    @app.get("/_probe")
    def _probe():  # pragma: no cover - a probe for this test only
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure, host=request.host)
        return "ok"

    from web.permissions import PERMISSIONS, PUBLIC

    PERMISSIONS["_probe"] = PUBLIC
    try:
        response = client.get("/_probe", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert response.status_code == 200
        assert seen == {"addr": "203.0.113.7", "secure": True, "host": "jangkau.example"}
        page = client.get("/login", headers=headers)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        PERMISSIONS.pop("_probe")


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, demo):
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    seen = {}

    @app.get("/_probe")
    def _probe():  # pragma: no cover
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    from web.permissions import PERMISSIONS, PUBLIC

    PERMISSIONS["_probe"] = PUBLIC
    try:
        headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
        client.get("/_probe", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert seen == {"addr": "127.0.0.1", "secure": False}
        page = client.get("/login", headers=headers)
        assert "Strict-Transport-Security" not in page.headers  # plain HTTP: no HSTS
    finally:
        PERMISSIONS.pop("_probe")


def test_hsts_on_pages_served_over_https(app, demo):
    page = app.test_client().get("/login", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_development_server_names_no_versions(live_server, demo):
    with urllib.request.urlopen(live_server.url + "/login") as response:
        server = response.headers.get_all("Server")
    assert server == ["Jangkau"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_gunicorn_serves_wsgi_app_with_gthread_and_no_versions(database_url, tmp_path):
    """wsgi.py and gunicorn.conf.py as `make serve` uses them, on a loopback port."""
    port = _free_port()
    env = {
        **os.environ,
        "JANGKAU_ENV": "testing",
        "DATABASE_URL": database_url,
        "JANGKAU_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "JANGKAU_THREADS": "2",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = _wait_for(f"http://127.0.0.1:{port}/login")
        assert response.status == 200
        assert response.headers.get_all("Server") == ["gunicorn"]  # no version, no Python
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/app.css", timeout=5) as css:
            assert css.status == 200
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "gthread" in err or "Booting worker" in err, err[-2000:]


# ---- SQLite: BEGIN IMMEDIATE, pragmas on every connection ------------------------------------------


@pytest.mark.skipif(bool(PG_URL), reason="SQLite only")
def test_every_sqlite_connection_gets_the_pragmas_and_writes_begin_immediate(app, demo):
    sqlite = database.db.obj
    assert isinstance(sqlite, SqliteDatabase)
    results = {}

    def in_a_thread():  # a new thread: a new connection
        with sqlite.connection_context():
            results["pragmas"] = [
                sqlite.execute_sql(f"PRAGMA {p}").fetchone()[0]
                for p in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
            ]

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(10)
    assert results["pragmas"] == ["wal", 10000, 1, 1]

    statements = []
    sqlite.connect(reuse_if_open=True)
    sqlite.connection().set_trace_callback(statements.append)
    try:
        with database.db.atomic():
            User.select().count()
    finally:
        sqlite.connection().set_trace_callback(None)
        sqlite.close()
    assert statements[0] == "BEGIN IMMEDIATE"


def test_the_app_keeps_its_connections_in_a_pool(app, demo):
    """PostgreSQL: no new server connection per request; SQLite: no reopening of the file and parsing of
    its schema per request (its pragmas are set once per connection, and still hold)."""
    from playhouse.pool import PooledDatabase

    pool = database.db.obj
    assert isinstance(pool, PooledDatabase)
    client = app.test_client()
    client.get("/login")
    client.get("/login")
    assert len(pool._connections) == 1 and not pool._in_use  # one connection, kept and reused
    if not PG_URL:
        with pool.connection_context():
            assert pool.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert pool.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


# ---- Concurrent writers ---------------------------------------------------------------------------


def test_concurrent_writers_get_no_errors_and_no_duplicates(app, demo):
    """8 phones at once, 5 rounds each: a Darurat with its own instance_id, a Darurat sent again with
    an instance_id shared by all (one flag), and a read-then-write transaction (the pattern that failed
    with "database is locked" under BEGIN DEFERRED)."""
    visit = make_visit()
    shared = [str(uuid.uuid4()) for _ in range(5)]
    errors, own_ids = [], []
    lock = threading.Lock()
    start = threading.Barrier(8)

    # Logged in one after the other (simultaneous logins of one account are throttled, web/auth/throttle.py).
    browsers = [Browser(app.test_client()).login("petugas1") for _ in range(8)]

    def phone(n):
        try:
            browser = browsers[n]
            start.wait(10)
            for round_ in range(5):
                mine = str(uuid.uuid4())
                for instance_id in (mine, shared[round_]):
                    r = browser.post(f"/kunjungan/{visit.id}/darurat", {"instance_id": instance_id})
                    if r.status_code != 302:
                        raise AssertionError(f"darurat answered {r.status_code}")
                with lock:
                    own_ids.append(mine)
                with app.app_context():
                    database.db.connect(reuse_if_open=True)
                    try:
                        with database.db.atomic():  # read first, then write
                            seen = RiskFlag.select().where(RiskFlag.visit == visit.id).count()
                            AuditLog.create(at=now(), action="uji_serentak", detail=str(seen))
                    finally:
                        database.db.close()
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                errors.append(repr(error))

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    flags = list(RiskFlag.select().where(RiskFlag.visit == visit.id))
    ids = [f.instance_id for f in flags]
    assert len(ids) == len(set(ids)) == 40 + 5  # every own flag once, each shared one once
    assert set(own_ids) | set(shared) == set(ids)
    assert AuditLog.select().where(AuditLog.action == "uji_serentak").count() == 40


# ---- Fixed cost per request --------------------------------------------------------------------


def test_static_files_and_the_workers_shell_touch_no_database(app, demo, monkeypatch):
    login = Browser(app.test_client()).login("petugas1")  # with a session cookie, too
    connects = []
    real = type(database.db.obj).connect
    monkeypatch.setattr(
        type(database.db.obj), "connect", lambda self, *a, **kw: connects.append(1) or real(self, *a, **kw)
    )
    for url in ("/static/css/app.css", "/sw.js", "/manifest.webmanifest", "/luring"):
        response = login.client.get(url)
        assert response.status_code == 200, url
        response.close()
    assert connects == []
    login.client.get("/")
    assert connects  # a page does use it


def test_last_seen_is_written_at_most_once_a_minute(app, login, monkeypatch):
    from web import security

    browser = login("petugas1")
    browser.client.get("/")
    cookie = browser.client.get_cookie("jangkau_session").value
    response = browser.client.get("/")
    assert response.status_code == 200 and "jangkau_session" not in response.headers.get("Set-Cookie", "")
    assert browser.client.get_cookie("jangkau_session").value == cookie

    later = now() + timedelta(seconds=61)
    monkeypatch.setattr(security, "now", lambda: later)
    response = browser.client.get("/")
    assert "jangkau_session=" in response.headers.get("Set-Cookie", "")  # a minute on: seen again
    response = browser.client.get("/")
    assert "jangkau_session=" not in response.headers.get("Set-Cookie", "")
