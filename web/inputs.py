"""Input from outside, refused in one place: ids, whole numbers, dates and the form data itself.

Anything a client sends (URLs, form fields, files) may be malformed on purpose. Each kind of value is
read here once, strictly, so that a bad value becomes a clear 4xx (404 for an id in a URL, a message
next to the field in a form), never a 500:

- ids: ASCII digits only, 1..2**63-1 (`parse_id`, the `<id:...>`/`<int:...>` URL converter);
- whole numbers: ASCII digits only, within 64 bits (`parse_int`, `IntegerField`);
- dates: ASCII digits, years MIN_YEAR..MAX_YEAR (`DateField`, `DateTimeLocalField`, `check_year`);
- forms (`FlaskForm`): a file part sent under the name of a text field is not read as text (the field
  gets a message), and a JSON body is not read as a form; NUL characters are dropped from form text.
"""

import re
from datetime import date, datetime

import flask_wtf
import wtforms
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**63 - 1  # the largest BIGINT / SQLite INTEGER
MAX_INT = 2**63 - 1
MIN_YEAR = 1900
MAX_YEAR = 2100
ASCII_INT = re.compile(r"-?[0-9]+", re.ASCII)
ASCII_ID = re.compile(r"[0-9]{1,19}", re.ASCII)


# ---- ids and numbers -----------------------------------------------------------------------


def parse_id(value):
    """A record id from a URL or a form: int in 1..2**63-1 from ASCII digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not ASCII_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def coerce_id(value):
    """`coerce=` for a select of records: ValueError (WTForms marks the field) for a bad id."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number


def parse_int(value, low=-MAX_INT, high=MAX_INT):
    """An int from ASCII digits (an optional minus) within low..high, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > 20 or not ASCII_INT.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def is_ascii_digits(value):
    """True for a non-empty string of 0-9 only (str.isdigit() also says yes to '²' and '٣')."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


class IdConverter(BaseConverter):
    """`<id:name>` in a URL: ASCII digits, 1..2**63-1; anything else is a 404, not a 500.

    Registered on the app under "id" and under "int", so that every `<int:...>` is this one too
    (werkzeug's own accepts Unicode digits and numbers past 64 bits)."""

    regex = r"[0-9]{1,19}"
    part_isolating = True

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value):
        return str(int(value))


def init_app(app):
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["int"] = IdConverter
    app.before_request(drop_nul_characters)


def drop_nul_characters():
    """No keyboard types U+0000 and PostgreSQL refuses it in text: drop it from the form's text."""
    if request.method in ("POST", "PUT", "PATCH") and any("\x00" in v for v in request.form.values()):
        request.form = ImmutableMultiDict(
            (name, value.replace("\x00", "")) for name, value in request.form.items(multi=True)
        )


# ---- dates ---------------------------------------------------------------------------------


def year_message():
    return _("Tahunnya tidak masuk akal: isi tahun antara %(low)d dan %(high)d.", low=MIN_YEAR, high=MAX_YEAR)


def check_year(value):
    """`value` (a date/datetime or None) when its year is MIN_YEAR..MAX_YEAR, else ValueError(message)."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(year_message())
    return value


def parse_date(text):
    """'2026-05-01' -> date, None when empty or unreadable; ValueError(message) for an odd year."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text or not text.isascii():
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return check_year(value)


def parse_datetime(text, formats):
    """A naive datetime from ASCII text in one of `formats`; None when unreadable; ValueError for a year."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text or not text.isascii():
        return None
    for fmt in formats:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return check_year(value)
    return None


class _Strict:
    """Shared by the date/time/number fields: ASCII only, the refusal in the user's language."""

    unreadable = _l("Isian ini tidak terbaca.")

    def process_formdata(self, valuelist):
        if not valuelist or not isinstance(valuelist[0], str) or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        if not text.isascii() or len(text) > 40:
            self.data = None
            raise ValueError(str(self.unreadable)) from None
        try:
            super().process_formdata([text])
        except ValueError:
            self.data = None
            raise ValueError(str(self.unreadable)) from None
        self.check()

    def check(self):
        """A further check of the parsed value; a ValueError clears it."""


class _Dated(_Strict):
    """A date or date and time: the year within MIN_YEAR..MAX_YEAR."""

    def check(self):
        try:
            check_year(self.data)
        except ValueError:
            self.data = None
            raise


class DateField(_Dated, wtforms.DateField):
    """A date (`<input type=date>`): ASCII, years MIN_YEAR..MAX_YEAR."""

    unreadable = _l("Tanggal tidak terbaca. Pilih tanggal dari kalender.")


class DateTimeLocalField(_Dated, wtforms.DateTimeLocalField):
    """A date and time (`<input type=datetime-local>`): ASCII, years MIN_YEAR..MAX_YEAR."""

    unreadable = _l("Waktu tidak terbaca. Pilih tanggal dan jam.")


class TimeField(_Strict, wtforms.TimeField):
    unreadable = _l("Jam tidak terbaca. Tulis seperti 09:30.")


class IntegerField(_Strict, wtforms.IntegerField):
    """A whole number: ASCII digits only, within 64 bits (NumberRange narrows it further)."""

    unreadable = _l("Isi dengan angka saja.")

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str) and valuelist[0].strip() and parse_int(valuelist[0]) is None:
            self.data = None
            raise ValueError(str(self.unreadable)) from None
        super().process_formdata(valuelist)


# ---- forms -----------------------------------------------------------------------------------

_AUTO = object()


def _file_field_names(form_class, prefix=""):
    return {
        prefix + name
        for name, unbound in form_class._unbound_fields or ()
        if issubclass(unbound.field_class, wtforms.FileField)
    }


def text_and_files(file_names):
    """The submitted form data: text parts, and file parts only under the names of file fields."""
    data = MultiDict()
    refused = set()
    for name, value in request.form.items(multi=True):
        data.add(name, value)
    for name, value in request.files.items(multi=True):
        if name in file_names and isinstance(value, FileStorage):
            data.add(name, value)
        else:
            refused.add(name)
    return data, refused


class FlaskForm(flask_wtf.FlaskForm):
    """Every form of the app derives from this one (tests/test_inputs.py checks it).

    Unlike Flask-WTF's, it never hands a file part to a text field (a file sent under the name of
    a text field gets a message on that field) and never reads a JSON body as the form."""

    def __init__(self, formdata=_AUTO, **kwargs):
        self._file_in_text = set()
        if formdata is _AUTO:
            if self.is_submitted():
                prefix = kwargs.get("prefix") or ""
                names = _file_field_names(type(self), f"{prefix}-" if prefix else "")
                formdata, self._file_in_text = text_and_files(names)
            else:
                formdata = None
        super().__init__(formdata=formdata, **kwargs)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        for name in sorted(self._file_in_text):
            field = self._fields.get(name)
            if field is not None:
                field.errors = list(field.errors) + [_("Isian ini harus berupa teks, bukan berkas.")]
                ok = False
        return ok
