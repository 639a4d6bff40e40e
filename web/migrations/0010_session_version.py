"""The session version of a user: part of the id kept in the session cookie, changed at logout so that
no copy of an old cookie opens anything (written by hand, like the diff would)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'session_version', IntegerField(default=0)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('user', 'session_version'))
