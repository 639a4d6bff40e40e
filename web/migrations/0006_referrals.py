"""Risk assessment, risk flags, emergency referrals, consent overrides, further assessment and the
outreach report (generated, then read)."""
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

    class Visit(Model):
        class Meta:
            database = db
            table_name = 'visit'

    class RiskAssessment(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        instance_id = CharField(unique=True, null=True)
        answers = TextField(default='{}')
        reasons = TextField(default='[]')
        level = CharField(index=True)
        computed_level = CharField()
        forced = BooleanField(default=False)
        raised = BooleanField(default=False)
        lowered = BooleanField(default=False)
        lower_reason = TextField(default='')
        hours_since_rape = IntegerField(null=True)
        assessed_by = ForeignKeyField(User, on_delete='RESTRICT')
        assessed_at = DateTimeField()
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'risk_assessment'
    db.create_tables([RiskAssessment])

    class RiskFlag(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        assessment = ForeignKeyField(RiskAssessment, null=True, on_delete='RESTRICT')
        instance_id = CharField(unique=True, null=True)
        source = CharField(default='asesmen')
        level = CharField(default='tinggi')
        raised_at = DateTimeField(index=True)
        raised_by = ForeignKeyField(User, on_delete='RESTRICT')
        acknowledged_at = DateTimeField(null=True)
        acknowledged_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        close_note = TextField(default='')
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'risk_flag'
    db.create_tables([RiskFlag])

    class Referral(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        flag = ForeignKeyField(RiskFlag, null=True, on_delete='RESTRICT')
        service = CharField()
        partner_kind = CharField()
        provider = CharField()
        contact = CharField(default='')
        contact_phone = CharField(default='')
        referred_at = DateTimeField()
        state = CharField(index=True, default='terkirim')
        decline_reason = TextField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'referral'
    db.create_tables([Referral])

    class ConsentOverride(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        referral = ForeignKeyField(Referral, unique=True, on_delete='RESTRICT')
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        partner_kind = CharField()
        reason = TextField()
        by = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField()
        reviewed_at = DateTimeField(null=True)
        reviewed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'consent_override'
    db.create_tables([ConsentOverride])

    class FurtherAssessment(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        visit = ForeignKeyField(Visit, on_delete='RESTRICT')
        assessment = ForeignKeyField(RiskAssessment, null=True, on_delete='RESTRICT')
        scheduled_for = DateField()
        assigned_to = ForeignKeyField(User, on_delete='RESTRICT')
        notes = TextField(default='')
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        done_at = DateTimeField(null=True)
        done_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        findings = TextField(default='')
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'further_assessment'
    db.create_tables([FurtherAssessment])

    class OutreachReport(Model):
        unit = ForeignKeyField(Unit, on_delete='RESTRICT')
        plan = ForeignKeyField(Plan, unique=True, on_delete='RESTRICT')
        findings = TextField(default='')
        submitted_by = ForeignKeyField(User, on_delete='RESTRICT')
        submitted_at = DateTimeField()
        received_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        received_at = DateTimeField(null=True)
        version = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'outreach_report'
    db.create_tables([OutreachReport])

    class ReferralEvent(Model):
        referral = ForeignKeyField(Referral, on_delete='CASCADE')
        state = CharField()
        at = DateTimeField()
        by = ForeignKeyField(User, on_delete='RESTRICT')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'referral_event'
    db.create_tables([ReferralEvent])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('referral_event'))
    migrator.migrate(migrator.drop_table('outreach_report'))
    migrator.migrate(migrator.drop_table('further_assessment'))
    migrator.migrate(migrator.drop_table('consent_override'))
    migrator.migrate(migrator.drop_table('referral'))
    migrator.migrate(migrator.drop_table('risk_flag'))
    migrator.migrate(migrator.drop_table('risk_assessment'))
