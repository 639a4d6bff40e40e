# Generated from a schema diff on 2026-11-29 04:42.
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

    class CaseService(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        service = CharField()
        provider = CharField()
        contact = CharField(default='')
        coordinator = CharField(default='')
        note = TextField(default='')
        status = CharField(default='direncanakan')
        planned_at = DateTimeField()
        planned_by = ForeignKeyField(User, on_delete='RESTRICT')
        due_at = DateTimeField()
        started_at = DateTimeField(null=True)
        started_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        finished_at = DateTimeField(null=True)
        finished_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        outcome = TextField(default='')
        reason = TextField(default='')
        consent_override = TextField(default='')
        class Meta:
            database = db
            table_name = 'case_service'
            indexes = ((('case', 'id'), False), (('unit', 'status', 'due_at'), False))
    db.create_tables([CaseService])

    class PmksEntry(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, unique=True, on_delete='RESTRICT')
        year = IntegerField()
        number = IntegerField()
        code = CharField()
        pmks_type = CharField()
        criteria = TextField(default='[]')
        kk_number = CharField(default='')
        birth_place = CharField(default='')
        province = CharField(default='')
        handling = CharField(default='dalam_penanganan')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        updated_at = DateTimeField(null=True)
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'pmks_entry'
            indexes = ((('unit', 'year', 'number'), True),)
    db.create_tables([PmksEntry])

    class ServiceLetter(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        service = ForeignKeyField(CaseService, unique=True, on_delete='RESTRICT')
        year = IntegerField()
        number = IntegerField()
        code = CharField()
        addressee = CharField()
        signer = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        signer_name = CharField(default='')
        signer_nip = CharField(max_length=18, default='')
        issued_by = ForeignKeyField(User, on_delete='RESTRICT')
        issued_at = DateTimeField()
        printed_count = IntegerField(default=0)
        last_printed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'service_letter'
            indexes = ((('unit', 'year', 'number'), True),)
    db.create_tables([ServiceLetter])

    class SocialReport(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        case = ForeignKeyField(Case, unique=True, on_delete='RESTRICT')
        condition = TextField(default='')
        analysis = TextField(default='')
        recommendation = TextField(default='')
        written_by = ForeignKeyField(User, on_delete='RESTRICT')
        written_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        updated_at = DateTimeField(null=True)
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'social_report'
    db.create_tables([SocialReport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('social_report'))
    migrator.migrate(migrator.drop_table('service_letter'))
    migrator.migrate(migrator.drop_table('pmks_entry'))
    migrator.migrate(migrator.drop_table('case_service'))
