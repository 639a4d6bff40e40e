"""One clock for the whole app: naive UTC datetimes in the database, shown in the unit's time zone.

"Today" is the unit's date (the logged-in user's unit's time zone: WIB, WITA or WIT; else config
BABEL_DEFAULT_TIMEZONE, Asia/Jakarta by default), never the server's: from 17:00 UTC it is already
tomorrow in Jakarta, and a worker's date must not be refused as "future".
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"

# Indonesia's three time zones, as a unit picks one and as its times are printed ("06.09 WIB").
ZONES = (
    ("Asia/Jakarta", "WIB"),  # Waktu Indonesia Barat, UTC+7
    ("Asia/Makassar", "WITA"),  # Waktu Indonesia Tengah, UTC+8
    ("Asia/Jayapura", "WIT"),  # Waktu Indonesia Timur, UTC+9
)
ZONE_NAMES = dict(ZONES)


def now():
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def zone_abbreviation(name):
    """WIB, WITA or WIT for one of Indonesia's zones; otherwise the zone's own name."""
    return ZONE_NAMES.get(str(name), str(name))


def timezone_name():
    """The zone of the logged-in user's unit, else the app's default (config BABEL_DEFAULT_TIMEZONE)."""
    from flask import current_app, g, has_app_context, has_request_context

    if has_request_context():
        cached = g.get("unit_timezone_name")
        if cached:
            return cached
        from flask_login import current_user

        unit_id = getattr(current_user, "unit_id", None) if current_user else None
        if unit_id:
            from web.models import Unit

            row = Unit.select(Unit.timezone).where(Unit.id == unit_id).first()
            if row is not None and row.timezone in ZONE_NAMES:
                g.unit_timezone_name = row.timezone
                return row.timezone
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return name or DEFAULT_TIMEZONE


def unit_timezone():
    return ZoneInfo(timezone_name())


def today():
    """The date where the unit works."""
    return datetime.now(unit_timezone()).date()
