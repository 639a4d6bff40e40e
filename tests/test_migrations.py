"""Migrations build an empty database, upgrade an older one without losing data, and leave the
schema exactly as the models describe it (on SQLite and on PostgreSQL)."""

import uuid

import pytest
from playhouse.schema_diff import diff_models

from tests.conftest import PG_URL, SERVER_URL
from web import db as database
from web.models import all_models


@pytest.fixture
def scratch_db(tmp_path):
    """An empty database of the same kind as the suite's."""
    if not PG_URL:
        yield database.open_database(f"sqlite:///{tmp_path / 'scratch.db'}")
        return
    name = "jangkau_scratch_" + uuid.uuid4().hex[:8]
    admin = database.open_database(SERVER_URL)  # the suite's own database may not be made yet
    with admin.connection_context():
        admin.execute_sql(f'CREATE DATABASE "{name}"')
    base, _, _ = SERVER_URL.rpartition("/")
    scratch = database.open_database(f"{base}/{name}")
    yield scratch
    scratch.close()
    with admin.connection_context():
        admin.execute_sql(f'DROP DATABASE "{name}"')


# Indexes a model cannot describe: the search's trigram index on PostgreSQL (GIN with gin_trgm_ops, made by
# web/migrations/0019; SQLite has an FTS5 table instead).
ENGINE_ONLY_INDEXES = {"person_search_trgm"}


def test_upgrade_of_an_empty_database_matches_the_models(scratch_db):
    applied = database.upgrade(scratch_db)
    assert applied[0] == "0001_core" and len(applied) == len(database.migration_runner(scratch_db).migrations())
    with scratch_db.connection_context():
        models = all_models()
        with scratch_db.bind_ctx(models):
            diff = diff_models(scratch_db, models)
    diff = diff._replace(drop_indexes=[i for i in diff.drop_indexes if i.name not in ENGINE_ONLY_INDEXES])
    assert not diff, f"models and migrations differ; run `flask --app web db generate NAME`:\n{diff}"
    assert database.upgrade(scratch_db) == []  # idempotent


def test_upgrade_of_an_older_database_keeps_its_data(scratch_db):
    database.upgrade(scratch_db, target="0001_core")
    with scratch_db.connection_context():
        scratch_db.execute_sql(
            "INSERT INTO unit (name, kind, code, region, address, phone, requires_dinas_approval, "
            "created_at) "
            "VALUES ('Unit Lama', 'uptd_ppa', 'LAMA', '', '', '', %s, '2025-01-01 00:00:00')"
            % ("false" if PG_URL else "0")
        )
        scratch_db.execute_sql(
            'INSERT INTO "user" (unit_id, username, full_name, role, password_hash, active, '
            "phone, locale, created_at) "
            "VALUES (1, 'lama', 'Pengguna Lama', 'petugas', 'x', %s, '', '', '2025-01-01 00:00:00')"
            % ("true" if PG_URL else "1")
        )
    applied = database.upgrade(scratch_db)
    assert "0002_login_attempt" in applied
    with scratch_db.connection_context():
        assert scratch_db.execute_sql('SELECT username FROM "user"').fetchall() == [("lama",)]
        assert "login_throttle" in scratch_db.get_tables()


def test_audit_log_is_append_only(app, demo):
    from peewee import DatabaseError

    from web.audit import audit
    from web.models import AuditLog

    entry = audit("view", record_type="test", record_id=1)
    with pytest.raises(DatabaseError):
        with database.db.atomic():
            AuditLog.update(action="changed").where(AuditLog.id == entry.id).execute()
    with pytest.raises(DatabaseError):
        with database.db.atomic():
            AuditLog.delete().where(AuditLog.id == entry.id).execute()
    assert AuditLog.get_by_id(entry.id).action == "view"


def test_the_apps_connection_cannot_truncate_update_or_delete_audit_rows(app, demo):
    from peewee import DatabaseError

    from web.audit import audit
    from web.models import AuditLog

    entry = audit("view", record_type="person", record_id=1)
    statements = ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
    if PG_URL:
        statements.append("TRUNCATE audit_log")
        statements.append("TRUNCATE audit_log CASCADE")
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"):
            with database.db.atomic():
                database.db.execute_sql(sql)
    assert AuditLog.get_by_id(entry.id).action == "view" and AuditLog.select().count() >= 1
