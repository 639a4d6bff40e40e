"""One clock for the whole app: naive UTC datetimes in the database, shown in the unit's time zone."""
from datetime import datetime, timezone


def now():
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
