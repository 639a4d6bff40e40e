"""Outreach (steps 1-5): people, targets and their verification, plans with budget lines, proposed team,
parties, decisions, their targets and teams; the number counter (generated, then read and edited by hand)."""
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
        chain_root = IntegerField(index=True, null=True)
        title = CharField(default='')
        team_note = TextField(default='')
        parties_note = TextField(default='')
        briefing = TextField(default='')
        briefed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        briefed_at = DateTimeField(null=True)
        submitted_at = DateTimeField(null=True)
        updated_at = DateTimeField(null=True)
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
        updated_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'person'
    db.create_tables([Person])

    class Target(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        code = CharField(index=True)
        person = ForeignKeyField(Person, null=True, on_delete='RESTRICT')
        kind = CharField(default='laporan')
        source = CharField(default='')
        received_at = DateTimeField(null=True)
        report = TextField(default='')
        status = CharField(index=True, default='baru')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        reporter_name = CharField(default='')
        reporter_phone = CharField(default='')
        problem = TextField(default='')
        updated_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'target'
            indexes = ((('unit', 'code'), True),)
    db.create_tables([Target])

    class PlanTarget(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        target = ForeignKeyField(Target, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'plan_target'
            indexes = ((('plan', 'target'), True),)
    db.create_tables([PlanTarget])

    class Counter(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        name = CharField()
        year = IntegerField()
        value = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'counter'
            indexes = ((('unit', 'name', 'year'), True),)
    db.create_tables([Counter])

    class Verification(Model):
        target = ForeignKeyField(Target, on_delete='CASCADE')
        result = CharField()
        authority = CharField()
        authority_detail = CharField(default='')
        verified_on = DateField()
        note = TextField(default='')
        recorded_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'verification'
    db.create_tables([Verification])

    class BudgetLine(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        position = IntegerField(default=0)
        category = CharField()
        description = CharField(default='')
        quantity = IntegerField(default=1)
        unit_label = CharField(default='')
        unit_cost = BigIntegerField(default=0)
        class Meta:
            database = db
            table_name = 'budget_line'
    db.create_tables([BudgetLine])

    class TeamProposal(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        user = ForeignKeyField(User, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'team_proposal'
            indexes = ((('plan', 'user'), True),)
    db.create_tables([TeamProposal])

    class PlanParty(Model):
        plan = ForeignKeyField(Plan, on_delete='CASCADE')
        party = CharField()
        class Meta:
            database = db
            table_name = 'plan_party'
            indexes = ((('plan', 'party'), True),)
    db.create_tables([PlanParty])

    class PlanDecision(Model):
        plan = ForeignKeyField(Plan, on_delete='RESTRICT')
        action = CharField()
        level = CharField(default='')
        note = TextField(default='')
        signer_name = CharField(default='')
        decided_by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'plan_decision'
    db.create_tables([PlanDecision])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('plan_decision'))
    migrator.migrate(migrator.drop_table('plan_party'))
    migrator.migrate(migrator.drop_table('team_proposal'))
    migrator.migrate(migrator.drop_table('budget_line'))
    migrator.migrate(migrator.drop_table('verification'))
    migrator.migrate(migrator.drop_table('counter'))
    migrator.migrate(migrator.drop_table('plan_target'))
    migrator.migrate(migrator.drop_table('target'))
    migrator.migrate(migrator.drop_table('person'))
    migrator.migrate(migrator.drop_table('assignment'))
    migrator.migrate(migrator.drop_table('plan'))
