"""Forms sent from phones: one row per (form kind, instance_id); conflicts kept for review (generated, then read)."""
from peewee import *


def up(migrator, db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Submission(Model):
        kind = CharField()
        instance_id = CharField()
        content_hash = CharField()
        user = ForeignKeyField(User, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        record_url = CharField(default='')
        status = CharField(index=True, default='received')
        received_at = DateTimeField()
        resolved_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        resolved_at = DateTimeField(null=True)
        resolution_note = TextField(default='')
        class Meta:
            database = db
            table_name = 'submission'
            indexes = ((('kind', 'instance_id'), True),)
    db.create_tables([Submission])

    class SubmissionConflict(Model):
        submission = ForeignKeyField(Submission, on_delete='CASCADE')
        content_hash = CharField()
        payload = TextField()
        user = ForeignKeyField(User, on_delete='RESTRICT')
        received_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'submission_conflict'
            indexes = ((('submission', 'content_hash'), True),)
    db.create_tables([SubmissionConflict])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('submission_conflict'))
    migrator.migrate(migrator.drop_table('submission'))
