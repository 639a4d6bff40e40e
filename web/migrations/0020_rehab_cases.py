# Generated from a schema diff on 2026-11-29 04:44.
# Python-side defaults (at, written_at: now) are set by the models, as in 0017.
from peewee import *


def up(migrator, db):
    class Case(Model):
        class Meta:
            database = db
            table_name = 'client_case'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CaseConference(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        held_on = DateField()
        participants = TextField()
        summary = TextField(default='')
        goals = TextField()
        class Meta:
            database = db
            table_name = 'rehab_conference'
            indexes = ((('case', 'at'), False),)
    db.create_tables([CaseConference])

    class Disposition(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        services = CharField()
        instructions = TextField(default='')
        class Meta:
            database = db
            table_name = 'rehab_disposition'
            indexes = ((('case', 'at'), False),)
    db.create_tables([Disposition])

    class HomeVisit(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        instance_id = CharField(unique=True)
        visited_on = DateField()
        place = CharField()
        met_with = TextField(default='')
        verified = CharField()
        verification_note = TextField(default='')
        findings = TextField()
        needs = TextField(default='')
        class Meta:
            database = db
            table_name = 'rehab_home_visit'
            indexes = ((('case', 'at'), False),)
    db.create_tables([HomeVisit])

    class Mediation(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        instance_id = CharField(unique=True)
        held_on = DateField()
        place = CharField()
        with_whom = CharField()
        parties = TextField()
        agreement = TextField()
        outcome = CharField()
        follow_up = TextField(default='')
        signed_at = DateTimeField(null=True)
        signed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'rehab_mediation'
            indexes = ((('case', 'at'), False),)
    db.create_tables([Mediation])

    class PlanTask(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        conference = ForeignKeyField(CaseConference, on_delete='RESTRICT')
        position = IntegerField(default=1)
        task = TextField()
        who = CharField()
        due_on = DateField()
        done_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'rehab_plan_task'
            indexes = ((('case', 'due_on'), False),)
    db.create_tables([PlanTask])

    class MonitoringNote(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        instance_id = CharField(unique=True)
        kind = CharField()
        noted_on = DateField()
        task = ForeignKeyField(PlanTask, null=True, on_delete='RESTRICT')
        progress = CharField()
        note = TextField()
        class Meta:
            database = db
            table_name = 'rehab_monitoring'
            indexes = ((('case', 'at'), False),)
    db.create_tables([MonitoringNote])

    class Termination(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        reason = CharField()
        services_given = TextField()
        condition = TextField()
        follow_up = TextField(default='')
        status = CharField(default='diajukan')
        written_by = ForeignKeyField(User, on_delete='RESTRICT')
        written_at = DateTimeField()
        decided_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        decided_at = DateTimeField(null=True)
        head_note = TextField(default='')
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'rehab_termination'
            indexes = ((('case', 'written_at'), False),)
    db.create_tables([Termination])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('rehab_termination'))
    migrator.migrate(migrator.drop_table('rehab_monitoring'))
    migrator.migrate(migrator.drop_table('rehab_plan_task'))
    migrator.migrate(migrator.drop_table('rehab_mediation'))
    migrator.migrate(migrator.drop_table('rehab_home_visit'))
    migrator.migrate(migrator.drop_table('rehab_disposition'))
    migrator.migrate(migrator.drop_table('rehab_conference'))
