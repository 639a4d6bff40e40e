"""One clock for the whole app: naive UTC datetimes in the database, shown in the unit's time zone.

"Today" is the unit's date (config TIMEZONE, Asia/Jakarta by default), never the server's: from
17:00 UTC it is already tomorrow in Jakarta, and a worker's date must not be refused as "future".
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"


def now():
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def unit_timezone():
    from flask import current_app, has_app_context

    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def today():
    """The date where the unit works."""
    return datetime.now(unit_timezone()).date()
