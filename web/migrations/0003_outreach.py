"""Outreach core: people, targets, plans, their targets and teams (generated, then read)."""
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

    class Plan(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        purpose = TextField(default='')
        places = TextField(default='')
        start_date = DateField(null=True)
        end_date = DateField(null=True)
        status = CharField(index=True, default='draft')
        version = IntegerField(default=1)
        previous = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'plan'
    db.create_tables([Plan])

    class Assignment(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        user = ForeignKeyField(User, on_delete='RESTRICT')
        team_role = CharField(default='anggota')
        assigned_by = ForeignKeyField(User, on_delete='RESTRICT')
        assigned_at = DateTimeField()
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'assignment'
            indexes = ((('plan', 'user'), True),)
    db.create_tables([Assignment])

    class Person(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        name = CharField()
        sex = CharField(default='')
        birth_date = DateField(null=True)
        estimated_age = IntegerField(null=True)
        nik = CharField(index=True, null=True)
        address = TextField(default='')
        desa = CharField(default='')
        kecamatan = CharField(default='')
        kabupaten = CharField(default='')
        guardian_name = CharField(default='')
        guardian_relation = CharField(default='')
        guardian_phone = CharField(default='')
        phone = CharField(default='')
        disability = CharField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'person'
    db.create_tables([Person])

    class Target(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        code = CharField(unique=True)
        person = ForeignKeyField(Person, null=True, on_delete='RESTRICT')
        kind = CharField(default='laporan')
        source = CharField(default='')
        received_at = DateTimeField(null=True)
        report = TextField(default='')
        status = CharField(index=True, default='baru')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'target'
    db.create_tables([Target])

    class PlanTarget(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        target = ForeignKeyField(Target, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'plan_target'
            indexes = ((('plan', 'target'), True),)
    db.create_tables([PlanTarget])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('plan_target'))
    migrator.migrate(migrator.drop_table('target'))
    migrator.migrate(migrator.drop_table('person'))
    migrator.migrate(migrator.drop_table('assignment'))
    migrator.migrate(migrator.drop_table('plan'))
