"""The database: one peewee proxy, bound at start-up to SQLite or PostgreSQL by DATABASE_URL.

A connection is opened per request and closed after it. Schema changes are numbered files in
web/migrations/, applied by `flask --app web db upgrade` (peewee's migration runner).
"""
from pathlib import Path
from urllib.parse import urlparse

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner

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


def open_database(url):
    """A peewee database for a DATABASE_URL (not yet connected)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///"):] or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresqlDatabase(
            (parsed.path or "/").lstrip("/") or "postgres",
            user=parsed.username, password=parsed.password,
            host=parsed.hostname, port=parsed.port,
            prefer_psycopg3=True,
        )
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


def init_app(app):
    db.initialize(open_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not db.is_closed():
            db.close()
