"""Optimistic concurrency: the one way an edit screen saves a record that someone else may have changed.

A record that can be edited carries an integer version (`Versioned.VERSION_FIELD`, "version" unless the
model says otherwise). The edit page sends the version it was made from in a hidden field
(`VersionForm.version`); the save is one compare-and-swap:

    UPDATE <table> SET <changes>, version = version + 1 WHERE id = ? AND version = ?

Zero rows changed means someone saved in between: `StaleRecord` is raised, nothing is written, and the
view shows the form again (409) with `STALE_MESSAGE`, what the user typed, and the current version, so
that a second save is a deliberate choice:

    try:
        visit.change(form.seen_version(), by=user, place=...)
    except StaleRecord as stale:
        form.show_stale(stale)
        return render_template(..., form=form), 409
"""

import json
import zlib

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from web.inputs import FlaskForm, is_ascii_digits

STALE_MESSAGE = _l(
    "Data ini sudah diubah orang lain sejak Anda membukanya. Isian Anda masih ada di bawah: "
    "periksa lagi, lalu simpan sekali lagi bila tetap benar."
)


class StaleRecord(Exception):
    """The record's version is not the one the user's page was made from: someone else changed it."""

    def __init__(self, record, current_version):
        super().__init__(f"{record._meta.table_name} {record.id} is at version {current_version}")
        self.record = record
        self.current_version = current_version


class Versioned:
    """Mixin for a model with optimistic concurrency (its table has an integer version column)."""

    VERSION_FIELD = "version"

    @property
    def current_version(self):
        return getattr(self, self.VERSION_FIELD)

    def save_if_unchanged(self, seen_version, **changes):
        """Write `changes` and raise the version by one, only if the stored version is still
        `seen_version` (None: the version this object was read with). Raises StaleRecord otherwise.
        Call inside the caller's db.atomic() when more is written with it."""
        model = type(self)
        version = getattr(model, self.VERSION_FIELD)
        seen = self.current_version if seen_version is None else seen_version
        changes = {getattr(model, name): value for name, value in changes.items()}
        changes[version] = version + 1
        done = model.update(changes).where(model._meta.primary_key == self._pk, version == seen).execute()
        if done != 1:
            stored = model.select(version).where(model._meta.primary_key == self._pk).scalar()
            raise StaleRecord(self, stored)
        for field, value in changes.items():
            if field is not version:
                setattr(self, field.name, value)
        setattr(self, self.VERSION_FIELD, seen + 1)
        return self


def content_version(rows):
    """The version of something edited as a whole that has no version column (a plan's document checklist):
    a number made from its content, so that the same compare-and-swap works: the page sends the number it
    was made from, the save recomputes it inside its lock and raises StaleRecord when it differs."""
    text = json.dumps(sorted(rows), ensure_ascii=False, separators=(",", ":"))
    return zlib.crc32(text.encode()) % 10**9  # VersionForm.seen_version reads up to 9 digits


def set_once(record, unset, **changes):
    """A one-time mark (received, reviewed, confirmed): write `changes` only while the field named `unset`
    is still empty, so that two people pressing the same button make one mark. A versioned record's
    version goes up with it. True if this call wrote it."""
    model = type(record)
    values = {getattr(model, name): value for name, value in changes.items()}
    if isinstance(record, Versioned):
        version = getattr(model, record.VERSION_FIELD)
        values[version] = version + 1
    done = model.update(values).where(model._meta.primary_key == record._pk, getattr(model, unset).is_null()).execute()
    if done:
        for name, value in changes.items():
            setattr(record, name, value)
        if isinstance(record, Versioned):
            setattr(record, record.VERSION_FIELD, record.current_version + 1)
    return bool(done)


class VersionForm(FlaskForm):
    """An edit form: the version its page was made from travels in a hidden field."""

    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_message = None

    def show_version(self, record):
        """Fill the hidden field from the record (for a page about to be shown)."""
        self.version.data = str(record.current_version)
        return self

    def seen_version(self):
        """The version the page was made from: None when the form sent none (the version read by this
        request is compared then), -1 (matches nothing) when unreadable."""
        value = str(self.version.data or "").strip()
        if not value:
            return None
        return int(value) if is_ascii_digits(value) and len(value) < 10 else -1  # '²'.isdigit() is True

    def show_stale(self, stale):
        """After StaleRecord: the message on the form, the current version in the hidden field, what was
        typed untouched (saving again then overwrites the other change on purpose)."""
        self.stale_message = STALE_MESSAGE
        self.version.data = str(stale.current_version)
        return self

    @property
    def is_stale(self):
        return self.stale_message is not None
