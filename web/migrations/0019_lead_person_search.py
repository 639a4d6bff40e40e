"""Search people by name, NIK, phone and desa (issue 12): person.search_text (lower-case, no accents) with a
trigram index: an FTS5 table on SQLite (person_search, kept by triggers), pg_trgm on PostgreSQL (written by
hand: the diff does not know virtual tables or operator classes)."""
import unicodedata

from peewee import *

SEARCHED = ("name", "nik", "phone", "guardian_name", "guardian_phone", "desa", "kecamatan", "kabupaten")


def _search_form(value):  # web.models.outreach.search_form as of this migration
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def up(migrator, db):
    sqlite = isinstance(getattr(db, "obj", db), SqliteDatabase)  # the database, or a proxy to it
    migrator.migrate(migrator.add_column('person', 'search_text', TextField(default='')))
    rows = db.execute_sql('SELECT id, %s FROM person' % ', '.join(SEARCHED)).fetchall()
    param = '?' if sqlite else '%s'
    for row in rows:
        text = _search_form(' '.join(str(v or '') for v in row[1:]))
        db.execute_sql(f'UPDATE person SET search_text = {param} WHERE id = {param}', (text, row[0]))
    if sqlite:
        db.execute_sql("CREATE VIRTUAL TABLE person_search USING fts5(search_text, content='person', "
                       "content_rowid='id', tokenize='trigram')")
        db.execute_sql("CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN "
                       "INSERT INTO person_search(rowid, search_text) VALUES (new.id, new.search_text); END")
        db.execute_sql("CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN "
                       "INSERT INTO person_search(person_search, rowid, search_text) "
                       "VALUES ('delete', old.id, old.search_text); END")
        db.execute_sql("CREATE TRIGGER person_search_update AFTER UPDATE OF search_text ON person BEGIN "
                       "INSERT INTO person_search(person_search, rowid, search_text) "
                       "VALUES ('delete', old.id, old.search_text); "
                       "INSERT INTO person_search(rowid, search_text) VALUES (new.id, new.search_text); END")
        db.execute_sql("INSERT INTO person_search(person_search) VALUES ('rebuild')")
    else:
        db.execute_sql('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        db.execute_sql('CREATE INDEX person_search_trgm ON person USING gin (search_text gin_trgm_ops)')


def down(migrator, db):
    if isinstance(getattr(db, "obj", db), SqliteDatabase):
        for trigger in ('insert', 'delete', 'update'):
            db.execute_sql(f'DROP TRIGGER person_search_{trigger}')
        db.execute_sql('DROP TABLE person_search')
    else:
        db.execute_sql('DROP INDEX person_search_trgm')
    migrator.migrate(migrator.drop_column('person', 'search_text'))
