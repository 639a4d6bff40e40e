"""Indexes for what the big lists filter and sort by (issue 10): a unit's targets, plans and visits
newest first (keyset pages: unit, time, id), and a unit's steps by step and start (overdue steps)."""

INDEXES = (
    ("target", ("unit_id", "created_at", "id")),
    ("plan", ("unit_id", "created_at", "id")),
    ("visit", ("unit_id", "visited_at", "id")),
    ("step_log", ("unit_id", "step", "started_at")),
)


def up(migrator, db):
    migrator.migrate(*(migrator.add_index(table, columns, False) for table, columns in INDEXES))


def down(migrator, db):
    from playhouse.migrate import make_index_name
    migrator.migrate(*(migrator.drop_index(table, make_index_name(table, columns)) for table, columns in INDEXES))
