"""Letters can be cancelled with a reason (the number stays used; a new letter replaces it) (generated, then read)."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    migrator.migrate(migrator.add_column('letter', 'cancelled_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('letter', 'cancelled_by_id',
                                         ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')))
    migrator.migrate(migrator.add_column('letter', 'cancel_reason', TextField(default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('letter', 'letter_cancelled_by_id'))
    migrator.migrate(migrator.drop_column('letter', 'cancel_reason'))
    migrator.migrate(migrator.drop_column('letter', 'cancelled_by_id'))
    migrator.migrate(migrator.drop_column('letter', 'cancelled_at'))
