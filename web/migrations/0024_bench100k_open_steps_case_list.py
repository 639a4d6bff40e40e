"""Indexes the scale bench asked for at 100k people (issue 10): the open steps of a unit (a partial index on
the few unfinished rows; the homes' overdue list read 15k rows of a unit through the full index, 290 ms on
SQLite) and the unit's cases newest first whatever their state (the case list sorted every case of the unit,
340 ms)."""

OPEN_STEPS = ('CREATE INDEX "step_log_open" ON "step_log" ("unit_id", "step", "started_at") '
              'WHERE "finished_at" IS NULL')
CASES = ("client_case", ("unit_id", "opened_at", "id"))


def up(migrator, db):
    db.execute_sql(OPEN_STEPS)
    migrator.migrate(migrator.add_index(*CASES, False))


def down(migrator, db):
    from playhouse.migrate import make_index_name
    migrator.migrate(migrator.drop_index(CASES[0], make_index_name(*CASES)))
    db.execute_sql('DROP INDEX "step_log_open"')
