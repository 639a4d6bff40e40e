"""A version on targets and plans for the edit screens' optimistic concurrency (web.concurrency): a save
from a page made before someone else's change is refused instead of overwriting it. Plan.version already
numbers the approved versions of a plan, so the plan's is `row_version`."""
from peewee import *

def up(migrator, db):
    migrator.migrate(migrator.add_column('target', 'version', IntegerField(default=1)))
    migrator.migrate(migrator.add_column('plan', 'row_version', IntegerField(default=1)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('plan', 'row_version'))
    migrator.migrate(migrator.drop_column('target', 'version'))
