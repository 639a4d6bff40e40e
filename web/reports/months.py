"""A report's month: "2026-11" in the unit's time zone, as [start, end) in the database's naive UTC."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from web.timeutil import today, unit_timezone

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        """The month of "YYYY-MM" (None if it is not one, or before 2000 or after next year)."""
        found = MONTH.match((text or "").strip())
        if not found:
            return None
        year, month = int(found.group(1)), int(found.group(2))
        if not (1 <= month <= 12 and 2000 <= year <= today().year + 1):
            return None
        return cls(year, month)

    @classmethod
    def current(cls):
        day = today()
        return cls(day.year, day.month)

    @property
    def key(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self):
        return date(self.year, self.month, 1)

    def shift(self, months):
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def bounds(self):
        """[start, end) of the month in the unit's time zone, as naive UTC datetimes."""
        zone = unit_timezone()

        def utc(day):
            local = datetime(day.year, day.month, 1, tzinfo=zone)
            return local.astimezone(UTC).replace(tzinfo=None)

        return utc(self.first_day), utc(self.shift(1).first_day)
