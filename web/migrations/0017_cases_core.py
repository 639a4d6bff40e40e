"""Cases (issue 11): a client carried by the trafficking, violence or rehabilitation SOP, with the steps' log
and history; a visit may belong to a case instead of a plan (consent and risk for a walk-in client)."""
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class RiskFlag(Model):
        class Meta:
            database = db
            table_name = 'risk_flag'

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
        class Meta:
            database = db
            table_name = 'visit'

    class Case(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        code = CharField()
        person = ForeignKeyField(Person, on_delete='RESTRICT')
        target = ForeignKeyField(Target, on_delete='RESTRICT')
        procedure = CharField()
        channel = CharField()
        referrer_name = CharField(default='')
        referrer_agency = CharField(default='')
        referral_letter_no = CharField(default='')
        received_at = DateTimeField()
        complaint_category = CharField(default='')
        chronology = TextField(default='')
        origin_visit = ForeignKeyField(Visit, null=True, on_delete='RESTRICT')
        origin_flag = ForeignKeyField(RiskFlag, null=True, on_delete='RESTRICT')
        status = CharField(index=True, default='terbuka')
        manager = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        worker = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        opened_by = ForeignKeyField(User, on_delete='RESTRICT')
        opened_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        close_reason = TextField(default='')
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'client_case'
            indexes = ((('unit', 'code'), True), (('unit', 'status', 'opened_at', 'id'), False))
    db.create_tables([Case])

    class CaseEvent(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        at = DateTimeField()
        kind = CharField()
        by = ForeignKeyField(User, on_delete='RESTRICT')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'case_event'
            indexes = ((('case', 'at'), False),)
    db.create_tables([CaseEvent])

    class CaseStepLog(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        step = CharField()
        started_at = DateTimeField()
        started_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        due_at = DateTimeField(null=True)
        finished_at = DateTimeField(null=True)
        finished_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'case_step_log'
            indexes = ((('case', 'step'), False), (('unit', 'finished_at', 'due_at'), False))
    db.create_tables([CaseStepLog])

    migrator.migrate(migrator.drop_not_null('visit', 'plan_id'))
    migrator.migrate(migrator.add_column('visit', 'case_id', ForeignKeyField(Case, field=Case.id, null=True, on_delete='RESTRICT')))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('visit', 'visit_case_id'))
    migrator.migrate(migrator.drop_column('visit', 'case_id'))
    migrator.migrate(migrator.add_not_null('visit', 'plan_id'))
    migrator.migrate(migrator.drop_table('case_step_log'))
    migrator.migrate(migrator.drop_table('case_event'))
    migrator.migrate(migrator.drop_table('client_case'))
