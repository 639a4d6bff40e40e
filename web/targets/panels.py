"""Home panel of steps 1-2: the worker's own targets still to identify, verify or put in a plan."""

from web.models.outreach import Target

PANEL_SIZE = 20


def my_targets(user):
    """The first PANEL_SIZE of each, with the counts; the full list is the targets page."""
    open_, unplanned = Target.open_of(user), Target.unplanned_of(user)
    return {
        "open": list(open_.limit(PANEL_SIZE)),
        "unplanned": list(unplanned.limit(PANEL_SIZE)),
        "open_count": open_.count(),
        "unplanned_count": unplanned.count(),
    }
