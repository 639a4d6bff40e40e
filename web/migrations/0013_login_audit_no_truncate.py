"""The audit trail refuses TRUNCATE too on PostgreSQL (UPDATE and DELETE are refused since 0001).
SQLite has no TRUNCATE: its DELETE trigger (0001) covers the same ground."""
from peewee import PostgresqlDatabase


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("""
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""")


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
