"""Home panels of the unit itself (issue 12 point 2): what to do first in a new unit, and the
Kepala's counts for the month. Each runs a fixed number of queries, whatever the data size."""

from datetime import UTC, datetime, time

from flask_babel import to_user_timezone

from web import roles
from web.models import Referral, RiskFlag, Target, Visit
from web.timeutil import now, unit_timezone

# What each role does first in a unit that has recorded nobody yet: (text, endpoint or None).
FIRST_STEPS = {
    roles.WORKER: "targets.new",
    roles.CASE_MANAGER: "targets.new",
    roles.HEAD: "main.team",
    roles.ADMIN: "main.team",
}


def first_steps(user):
    """Only in an empty unit (no target yet): the panel says where to start."""
    if user.role not in FIRST_STEPS or not Target.unit_is_empty(user.unit_id):
        return None
    return {"role": user.role, "endpoint": FIRST_STEPS[user.role]}


def month_start(at=None):
    """The first day of this month where the unit works, at midnight, as naive UTC."""
    local = to_user_timezone(at or now())
    start = datetime.combine(local.date().replace(day=1), time.min, tzinfo=unit_timezone())
    return start.astimezone(UTC).replace(tzinfo=None)


def month_counts(user):
    """This month in the unit: people recorded, visits, risk flags, emergency referrals (4 counts)."""
    since = month_start()
    unit = user.unit_id
    return {
        "since": since,
        "counts": [
            ("targets", Target.count_since(unit, since)),
            ("visits", Visit.count_since(unit, since)),
            ("flags", RiskFlag.count_since(unit, since)),
            ("referrals", Referral.count_since(unit, since)),
        ],
    }
