"""Letters (Surat Tugas, SPPD), the step-6 document checklist, step-7 coordination contacts
(generated, then read)."""
from peewee import *


def up(migrator, db):
    class Plan(Model):
        class Meta:
            database = db
            table_name = 'plan'

    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CoordinationContact(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        plan = ForeignKeyField(Plan, on_delete='RESTRICT')
        party = CharField()
        party_name = CharField(default='')
        contacted_at = DateTimeField()
        means = CharField()
        result = CharField()
        notes = TextField(default='')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'coordination_contact'
    db.create_tables([CoordinationContact])

    class DocumentItem(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        key = CharField()
        status = CharField(default='belum')
        note = CharField(default='')
        updated_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        updated_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'document_item'
            indexes = ((('plan', 'key'), True),)
    db.create_tables([DocumentItem])

    class Letter(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        plan = ForeignKeyField(Plan, on_delete='RESTRICT')
        kind = CharField()
        slot = CharField()
        traveller = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        year = IntegerField()
        number = IntegerField()
        code = CharField()
        team = TextField(default='[]')
        signer = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        signer_name = CharField(default='')
        issued_by = ForeignKeyField(User, on_delete='RESTRICT')
        issued_at = DateTimeField()
        printed_count = IntegerField(default=0)
        last_printed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'letter'
            indexes = ((('unit', 'year', 'number'), True), (('plan', 'slot'), True))
    db.create_tables([Letter])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('letter'))
    migrator.migrate(migrator.drop_table('document_item'))
    migrator.migrate(migrator.drop_table('coordination_contact'))
