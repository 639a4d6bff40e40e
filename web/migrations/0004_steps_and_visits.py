"""SOP step log; visits, consent and consent scopes, attachments of a visit (generated, then read)."""
from peewee import *


def up(migrator, db):
    class Plan(Model):
        class Meta:
            database = db
            table_name = 'plan'

    class Target(Model):
        class Meta:
            database = db
            table_name = 'target'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Visit(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        plan = ForeignKeyField(Plan, on_delete='RESTRICT')
        target = ForeignKeyField(Target, on_delete='RESTRICT')
        instance_id = CharField(unique=True, null=True)
        visited_at = DateTimeField()
        place = CharField(default='')
        present = TextField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'visit'
    db.create_tables([Visit])

    class Consent(Model):
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        instance_id = CharField(unique=True, null=True)
        outcome = CharField()
        consenter = CharField(default='diri_sendiri')
        consenter_name = CharField(default='')
        consenter_relation = CharField(default='')
        child_assent = BooleanField(null=True)
        explained = CharField(default='')
        method = CharField(default='')
        witness = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        witness_confirmed_at = DateTimeField(null=True)
        refusal_reason = TextField(default='')
        explained_again = BooleanField(default=False)
        contact_left = BooleanField(default=False)
        follow_up_date = DateField(null=True)
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'consent'
    db.create_tables([Consent])

    class Attachment(Model):
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        consent = ForeignKeyField(Consent, null=True, on_delete='RESTRICT')
        kind = CharField()
        stored_name = CharField(unique=True)
        thumb_name = CharField(default='')
        content_type = CharField()
        size = IntegerField()
        width = IntegerField(null=True)
        height = IntegerField(null=True)
        caption = CharField(default='')
        uploaded_by = ForeignKeyField(User, on_delete='RESTRICT')
        uploaded_at = DateTimeField()
        deleted_at = DateTimeField(null=True)
        deleted_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'attachment'
    db.create_tables([Attachment])

    class ConsentScope(Model):
        consent = ForeignKeyField(Consent, on_delete='CASCADE')
        scope = CharField()
        granted = BooleanField(default=False)
        withdrawn_at = DateTimeField(null=True)
        withdrawn_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        withdrawal_reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'consent_scope'
            indexes = ((('consent', 'scope'), True),)
    db.create_tables([ConsentScope])

    class StepLog(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        subject_type = CharField()
        subject_id = IntegerField()
        step = IntegerField()
        started_at = DateTimeField()
        started_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        finished_at = DateTimeField(null=True)
        finished_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'step_log'
            indexes = ((('subject_type', 'subject_id', 'step'), True),)
    db.create_tables([StepLog])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('step_log'))
    migrator.migrate(migrator.drop_table('consent_scope'))
    migrator.migrate(migrator.drop_table('attachment'))
    migrator.migrate(migrator.drop_table('consent'))
    migrator.migrate(migrator.drop_table('visit'))
