"""Plan and step rules (issue 9): one NIK is one person in a unit (a partial unique index), and a step's
clock runs from when it became due (`step_log.due_at`), every party of a plan is contacted or marked
with why not (`plan_party.skip_reason`) (written by hand, like the diff would)."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    taken = db.execute_sql("SELECT unit_id, nik FROM person WHERE nik IS NOT NULL "
                           "GROUP BY unit_id, nik HAVING COUNT(*) > 1").fetchall()
    if taken:
        raise RuntimeError("%d NIK(s) belong to more than one person of a unit; merge those people, then upgrade "
                           "(SELECT id, unit_id, nik FROM person WHERE nik IN (...))" % len(taken))
    db.execute_sql('CREATE UNIQUE INDEX "person_unit_nik_unique" ON "person" ("unit_id", "nik") '
                   'WHERE ("nik" IS NOT NULL)')
    migrator.migrate(migrator.add_column('step_log', 'due_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('plan_party', 'skip_reason', TextField(default='')))
    migrator.migrate(migrator.add_column('plan_party', 'skipped_by_id', ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')))
    migrator.migrate(migrator.add_column('plan_party', 'skipped_at', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('plan_party', 'plan_party_skipped_by_id'))
    migrator.migrate(migrator.drop_column('plan_party', 'skipped_at'))
    migrator.migrate(migrator.drop_column('plan_party', 'skipped_by_id'))
    migrator.migrate(migrator.drop_column('plan_party', 'skip_reason'))
    migrator.migrate(migrator.drop_column('step_log', 'due_at'))
    db.execute_sql('DROP INDEX "person_unit_nik_unique"')
