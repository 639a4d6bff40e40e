"""Case file (issue 11, points 1-4): the client's documents checklist, the data and needs assessment with the
SIMFONI fields (one row per multi-valued answer), perpetrators, the supervisor's reviews, who reviews in a
unit; a case sent from a phone offline keeps its instance_id. (Timestamps default in Python: web.timeutil.now.)"""
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

    class CaseAssessment(Model):
        case = ForeignKeyField(Case, unique=True, on_delete='RESTRICT')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        status = CharField(index=True, default='draf')
        incident_date = DateField(null=True)
        incident_place = CharField(default='')
        incident_address = CharField(default='')
        incident_kabupaten = CharField(default='')
        kdrt = BooleanField(null=True)
        education = CharField(default='')
        occupation = CharField(default='')
        marital_status = CharField(default='')
        disability = CharField(default='')
        age_band = CharField(default='')
        fits = BooleanField(null=True)
        story = TextField(default='')
        needs_note = TextField(default='')
        instance_id = CharField(unique=True, null=True)
        assessed_by = ForeignKeyField(User, on_delete='RESTRICT')
        assessed_at = DateTimeField()
        submitted_at = DateTimeField(null=True)
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'case_assessment'
    db.create_tables([CaseAssessment])

    class CaseAnswer(Model):
        assessment = ForeignKeyField(CaseAssessment, on_delete='CASCADE')
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        kind = CharField()
        key = CharField()
        class Meta:
            database = db
            table_name = 'case_answer'
            indexes = ((('unit', 'kind', 'key'), False), (('assessment', 'kind', 'key'), True))
    db.create_tables([CaseAnswer])

    class CaseDocument(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        kind = CharField()
        present = BooleanField(default=False)
        stored_name = CharField(unique=True, null=True)
        thumb_name = CharField(default='')
        content_type = CharField(default='')
        size = IntegerField(default=0)
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'case_document'
            indexes = ((('case', 'kind'), True),)
    db.create_tables([CaseDocument])

    class CaseReview(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        assessment = ForeignKeyField(CaseAssessment, on_delete='RESTRICT')
        decision = CharField()
        note = TextField(default='')
        services = CharField(default='')
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'case_review'
    db.create_tables([CaseReview])

    class CaseSettings(Model):
        unit = ForeignKeyField(Unit, unique=True, on_delete='RESTRICT')
        reviewer = CharField(default='manajer')
        class Meta:
            database = db
            table_name = 'case_settings'
    db.create_tables([CaseSettings])

    class Perpetrator(Model):
        assessment = ForeignKeyField(CaseAssessment, on_delete='CASCADE')
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        name = CharField(default='')
        sex = CharField(default='')
        age = IntegerField(null=True)
        relation = CharField()
        class Meta:
            database = db
            table_name = 'perpetrator'
    db.create_tables([Perpetrator])

    migrator.migrate(migrator.add_column('client_case', 'instance_id', CharField(unique=True, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('client_case', 'client_case_instance_id'))
    migrator.migrate(migrator.drop_column('client_case', 'instance_id'))
    migrator.migrate(migrator.drop_table('perpetrator'))
    migrator.migrate(migrator.drop_table('case_settings'))
    migrator.migrate(migrator.drop_table('case_review'))
    migrator.migrate(migrator.drop_table('case_document'))
    migrator.migrate(migrator.drop_table('case_answer'))
    migrator.migrate(migrator.drop_table('case_assessment'))
