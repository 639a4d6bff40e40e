"""Home panel of steps 1-2: the worker's own targets still to identify, verify or put in a plan."""
from web import roles
from web.main.panels import home_panel
from web.models.outreach import Target


@home_panel(roles.WORKER, template="targets/_panel_worker.html", order=20)
def my_targets(user):
    return {"open": list(Target.open_of(user)), "unplanned": list(Target.unplanned_of(user))}
