"""Keyset pages for the long lists (never OFFSET, which reads every row it skips): newest first by
(time, id), and the next page starts after the last row shown:

    WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT n + 1

The cursor in the URL (?setelah=2026-01-02T03:04:05.000123_42) is the last row's time and id; a
cursor that cannot be read gives the first page.
"""

from datetime import datetime

from peewee import Tuple

PAGE_SIZE = 50


def parse(cursor):
    """(datetime, id) from a cursor, or None."""
    when, _, pk = (cursor or "").rpartition("_")
    try:
        return datetime.fromisoformat(when), int(pk)
    except ValueError:
        return None


def cursor_of(row, time_field):
    return f"{getattr(row, time_field.name).isoformat()}_{row.id}"


def page(query, time_field, cursor=None, size=PAGE_SIZE):
    """(rows, next cursor or None): one page of `query`, newest first, after `cursor`."""
    model = time_field.model
    after = parse(cursor)
    if after is not None:
        query = query.where(Tuple(time_field, model.id) < Tuple(time_field.to_value(after[0]), after[1]))
    rows = list(query.order_by(time_field.desc(), model.id.desc()).limit(size + 1))
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1], time_field) if more else None)
