"""Home panel of steps 1-2: the worker's own targets still to identify, verify or put in a plan."""
from web.models.outreach import Target


def my_targets(user):
    return {"open": list(Target.open_of(user)), "unplanned": list(Target.unplanned_of(user))}
