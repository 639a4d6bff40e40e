"""Users and units on screens, letters as the unit writes them (issue 12, points 6 and 8): the unit's
letterhead lines, logo, time zone, legal basis (every existing unit gets the SOP's list with the SOP
and the DPA, as the Surat Tugas printed until now) and budget account; the one-time code of an
administrator's password reset; the plan's own number; the signer's rank and the legal basis on a letter."""
from peewee import *

from web.sop import DEFAULT_LEGAL_BASIS


def up(migrator, db):
    migrator.migrate(migrator.add_column('unit', 'government_line', CharField(default='')))
    migrator.migrate(migrator.add_column('unit', 'agency_line', CharField(default='')))
    migrator.migrate(migrator.add_column('unit', 'logo', CharField(default='')))
    migrator.migrate(migrator.add_column('unit', 'timezone', CharField(default='Asia/Jakarta')))
    migrator.migrate(migrator.add_column('unit', 'legal_basis', TextField(default='')))
    migrator.migrate(migrator.add_column('unit', 'budget_account', CharField(default='')))
    migrator.migrate(migrator.add_column('unit', 'row_version', IntegerField(default=1)))
    db.execute_sql('UPDATE "unit" SET "legal_basis" = %s' % db.param, ("\n".join(DEFAULT_LEGAL_BASIS),))
    migrator.migrate(migrator.add_column('user', 'reset_code_hash', CharField(default='')))
    migrator.migrate(migrator.add_column('user', 'reset_expires_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('user', 'must_change_password', BooleanField(default=False)))
    migrator.migrate(migrator.add_column('plan', 'number', CharField(default='')))
    migrator.migrate(migrator.add_column('letter', 'signer_rank', CharField(default='')))
    migrator.migrate(migrator.add_column('letter', 'legal_basis', TextField(default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('letter', 'legal_basis'))
    migrator.migrate(migrator.drop_column('letter', 'signer_rank'))
    migrator.migrate(migrator.drop_column('plan', 'number'))
    migrator.migrate(migrator.drop_column('user', 'must_change_password'))
    migrator.migrate(migrator.drop_column('user', 'reset_expires_at'))
    migrator.migrate(migrator.drop_column('user', 'reset_code_hash'))
    for name in ('row_version', 'budget_account', 'legal_basis', 'timezone', 'logo', 'agency_line', 'government_line'):
        migrator.migrate(migrator.drop_column('unit', name))
