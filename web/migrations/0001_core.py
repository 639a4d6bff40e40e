"""Units, users and the append-only audit log."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, Model, PostgresqlDatabase, TextField


def up(migrator, db):
    class Unit(Model):
        name = CharField()
        kind = CharField(default="uptd_ppa")
        code = CharField(unique=True)
        region = CharField(default="")
        address = TextField(default="")
        phone = CharField(default="")
        requires_dinas_approval = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "unit"

    class User(Model):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        username = CharField(unique=True)
        full_name = CharField()
        role = CharField(index=True)
        password_hash = CharField()
        active = BooleanField(default=True)
        phone = CharField(default="")
        locale = CharField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "user"

    class AuditLog(Model):
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete="RESTRICT")
        unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
        action = CharField(index=True)
        record_type = CharField(default="")
        record_id = CharField(default="")
        ip = CharField(default="")
        detail = TextField(default="")

        class Meta:
            database = db
            table_name = "audit_log"

    db.create_tables([Unit, User, AuditLog])

    # The audit trail is append-only: the database itself refuses to change or remove a row.
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END;
            $$ LANGUAGE plpgsql""")
        db.execute_sql("""
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""")
    else:
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(f"""
                CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")
