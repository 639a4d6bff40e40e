"""A received outreach report is frozen (issue 9): its rows are kept as they were received (`snapshot`),
and visits after it go into a follow-up report, so a plan may have several reports (`sequence` 1, 2, ...)
instead of one."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('outreach_report', 'sequence', IntegerField(default=1)))
    migrator.migrate(migrator.add_column('outreach_report', 'snapshot', TextField(default='')))
    migrator.migrate(migrator.drop_index('outreach_report', 'outreachreport_plan_id'))
    migrator.migrate(migrator.add_index('outreach_report', ('plan_id',), False))
    migrator.migrate(migrator.add_index('outreach_report', ('plan_id', 'sequence'), True))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('outreach_report', 'outreach_report_plan_id_sequence'))
    migrator.migrate(migrator.drop_index('outreach_report', 'outreach_report_plan_id'))
    migrator.migrate(migrator.add_index('outreach_report', ('plan_id',), True))
    migrator.migrate(migrator.drop_column('outreach_report', 'snapshot'))
    migrator.migrate(migrator.drop_column('outreach_report', 'sequence'))
