"""NIP and pangkat/golongan of users (optional: contract staff have none), and the signer's NIP on letters
(generated, then read). The team on a letter is JSON (Letter.team): its members get "nip" and "rank" keys
from now on, with no schema change; letters made before this migration have neither."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'nip', CharField(max_length=18, default='')))
    migrator.migrate(migrator.add_column('user', 'rank', CharField(max_length=60, default='')))
    migrator.migrate(migrator.add_column('letter', 'signer_nip', CharField(max_length=18, default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('letter', 'signer_nip'))
    migrator.migrate(migrator.drop_column('user', 'rank'))
    migrator.migrate(migrator.drop_column('user', 'nip'))
