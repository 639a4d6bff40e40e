"""The PMKS register (/pmks) pages a unit's entries newest first by keyset (unit, recorded_at, id): an index
for it, as the other lists have (issue 10)."""

INDEX = ("pmks_entry", ("unit_id", "recorded_at", "id"))


def up(migrator, db):
    migrator.migrate(migrator.add_index(*INDEX, False))


def down(migrator, db):
    from playhouse.migrate import make_index_name
    migrator.migrate(migrator.drop_index(INDEX[0], make_index_name(*INDEX)))
