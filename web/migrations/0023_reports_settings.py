# Written by hand (issue 12, reports): a unit's export rule.
from peewee import *


def up(migrator, db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = 'unit'

    class ReportSettings(Model):
        unit = ForeignKeyField(Unit, unique=True, on_delete='RESTRICT')
        export_role = CharField(default='')
        class Meta:
            database = db
            table_name = 'report_settings'
    db.create_tables([ReportSettings])


def down(migrator, db):
    db.execute_sql('DROP TABLE report_settings')
