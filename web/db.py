"""The database: one peewee proxy, bound at start-up to SQLite or PostgreSQL by DATABASE_URL.

A connection is taken per request and given back after it, from a pool (playhouse.pool): on
PostgreSQL a request does not pay for a new server connection, on SQLite not for opening the file and
parsing its schema again (~4 ms at a province's size: more than the queries of a poll). Requests for
files every user shares (static files, the service worker's shell) touch no database at all.

On SQLite every connection runs in WAL mode with a busy timeout, and a write transaction
(`db.atomic()`) starts with BEGIN IMMEDIATE: it takes the write lock first and waits its turn, instead
of reading under a shared lock and failing with "database is locked" when it tries to write.
Reading outside `db.atomic()` runs in autocommit and holds no lock past its statement.

Schema changes are numbered files in web/migrations/, applied by `flask --app web db upgrade`
(peewee's migration runner).
"""

import os
from pathlib import Path
from urllib.parse import urlparse

from flask import request
from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

db = DatabaseProxy()
MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def open_database(url, pool=False):
    """A peewee database for a DATABASE_URL (not yet connected). `pool`: connections are kept and
    reused (DB_POOL_SIZE per process, default 10); the app uses one, scripts need not.
    stale_timeout: a connection idle for 5 minutes is closed rather than reused;
    timeout: a request waits up to 10 s for a free connection instead of failing at once."""
    parsed = urlparse(url)
    pooling = dict(max_connections=int(os.environ.get("DB_POOL_SIZE") or 10), stale_timeout=300, timeout=10)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///") :] or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created readable by the app's user only; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        # lock_type: the top-level transaction of db.atomic() is BEGIN IMMEDIATE (see above).
        if pool and path != ":memory:":
            # a pooled connection may serve another thread of the same worker next: sqlite3 allows it
            # (check_same_thread=False) and each connection is used by one request at a time
            return PooledSqliteDatabase(
                path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", check_same_thread=False, **pooling
            )
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if parsed.scheme in ("postgres", "postgresql"):
        params = dict(
            user=parsed.username, password=parsed.password, host=parsed.hostname, port=parsed.port, prefer_psycopg3=True
        )
        name = (parsed.path or "/").lstrip("/") or "postgres"
        if pool:
            return PooledPostgresqlDatabase(name, **pooling, **params)
        return PostgresqlDatabase(name, **params)
    raise ValueError(f"DATABASE_URL must start with sqlite:/// or postgresql:// (got {parsed.scheme!r})")


def is_embedded(database=None):
    return isinstance(database or db.obj, SqliteDatabase)


def migration_runner(database=None):
    return Runner(database or db.obj, MIGRATIONS)


def upgrade(database=None, target=None):
    """Apply pending migrations; returns their names."""
    database = database or db.obj
    with database.connection_context():
        return migration_runner(database).up(target)


def pending(database=None):
    database = database or db.obj
    return [m.name for m in migration_runner(database).status() if m.path and not m.applied]


def close_pool(database=None):
    """Close every pooled connection (tests, before a restore, before removing a database file); a no-op
    without a pool."""
    database = database or db.obj
    if database is not None and hasattr(database, "close_all"):
        if not database.is_closed():
            database.close()
        database.close_all()


def init_app(app):
    db.initialize(open_database(app.config["DATABASE_URL"], pool=True))

    @app.before_request
    def _connect():
        from web.security import SESSIONLESS

        if request.endpoint in SESSIONLESS:
            return  # static files and the service worker's shell: no database work
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not db.is_closed():
            db.close()
