"""Template filters shared by every screen: Rupiah, dates in the unit's time zone, SOP labels, NIPs.

Dates and times have ONE format per language, everywhere: `value|datetime` is "5 Des 2026, 06.09 WIB"
in Bahasa Indonesia and "5 Dec 2026, 06:09 WIB" in English, in the time zone of the user's unit (stored
times are naive UTC, web/timeutil.py); `value|date` is "5 Des 2026"; `value|date('long')` is the
letters' "5 Desember 2026"; `value|spoken` is a berita acara's "Minggu, tanggal 29 November 2026,
pukul 06.11 WIB". Day and month names come from Babel's locale data, in the language of the page.
"""

from datetime import datetime

from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _

from web.timeutil import timezone_name, zone_abbreviation

DATE_FORMATS = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE, d MMMM y"}


def _time_pattern():
    return "HH.mm" if str(get_locale()) == "id" else "HH:mm"


def local_date(value, fmt="medium"):
    """A date (or a stored UTC datetime, shown on the unit's day): "5 Des 2026"; 'long' "5 Desember 2026"."""
    if not value:
        return ""
    return format_date(value, DATE_FORMATS.get(fmt, fmt))


def local_datetime(value, fmt="medium"):
    """A stored naive-UTC datetime in the unit's time zone: "5 Des 2026, 06.09 WIB" (English
    "5 Dec 2026, 06:09 WIB"). `fmt` is kept for old callers; 'long'/'full' spell the month out."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return local_date(value, fmt)
    date_part = format_date(value, DATE_FORMATS["long" if fmt in ("long", "full") else "medium"])
    return f"{date_part}, {format_time(value, _time_pattern())} {zone_abbreviation(timezone_name())}"


def spoken(value):
    """As a berita acara says when: "Minggu, tanggal 29 November 2026, pukul 06.11 WIB"."""
    if not value:
        return ""
    return _(
        "%(day)s, tanggal %(date)s, pukul %(time)s %(zone)s",
        day=format_date(value, "EEEE"),
        date=format_date(value, "d MMMM y"),
        time=format_time(value, _time_pattern()),
        zone=zone_abbreviation(timezone_name()),
    )


def rupiah(amount):
    """Integer Rupiah as Indonesians write it: Rp 1.250.000."""
    amount = int(amount or 0)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def nip(value):
    """A NIP as printed on letters, in its four parts: 19800101 200501 2 001 (birth date, start of
    service, sex, serial). Anything that is not 18 digits is shown as it is; "" stays ""."""
    value = str(value or "")
    if len(value) == 18 and value.isdigit():
        return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
    return value


def label(item):
    """The label of an SOP data item (web/sop.py, web/risk.py) in the current language."""
    return item.label(str(get_locale())) if item is not None else ""


def choice(key, list_name, missing=""):
    """The label of the item `key` of the vocabulary named `list_name` (in web/sop.py, web/sop_cases.py or
    web/risk.py), for a stored key shown on a screen: ``{{ item.status|choice('DOCUMENT_STATES') }}``;
    `missing` for an empty key (``{{ person.sex|choice('SEXES', '-') }}``). An unknown key is shown as it is."""
    from web import risk, sop, sop_cases

    if not key:
        return missing
    for module in (sop, sop_cases, risk):
        items = getattr(module, list_name, None)
        if items is not None:
            return label(sop.by_key(items, key, None)) or key
    raise LookupError(f"no vocabulary {list_name!r}")


def init_app(app):
    from web import roles

    app.jinja_env.globals["roles_label"] = roles.label
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["choice"] = choice
    app.jinja_env.filters["nip"] = nip
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["spoken"] = spoken
