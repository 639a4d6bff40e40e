"""SOP Penjangkauan steps 3-5: the outreach plan with its budget, the Kepala's review (and the Kepala
Dinas's where the unit requires it), versions of approved plans, the team and its briefing."""

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from web import roles
from web.access import fetch
from web.audit import DENIED, audit
from web.main.menu import add_menu
from web.main.panels import add_panel
from web.models import Plan


def fetch_plan(plan_id, may=None):
    """The plan behind a screen, for every area: through web.access.fetch (404/403 by Plan.can_view),
    then, if given, `may(plan, user)` (e.g. Plan.can_assign, plan_documents_visible), else 403,
    audited as denied with the screen's endpoint."""
    plan = fetch(Plan, plan_id)
    if may is not None and not may(plan, current_user):
        audit(DENIED, plan, detail=request.endpoint or "")
        abort(403)
    return plan


def register(app):
    from web.outreach import panels, routes

    app.register_blueprint(routes.bp)
    add_menu(app, "outreach.index", _l("Daftar rencana"), order=20)
    add_menu(app, "outreach.settings", _l("Aturan persetujuan rencana"), order=85)
    add_panel(app, panels.assigned, roles.WORKER, template="outreach/_panel_assigned.html", order=5)
    add_panel(app, panels.drafts, roles.WORKER, roles.CASE_MANAGER, template="outreach/_panel_drafts.html", order=10)
    add_panel(app, panels.awaiting, roles.HEAD, template="outreach/_panel_awaiting.html", order=5)
    add_panel(app, panels.needing_team, roles.HEAD, roles.CASE_MANAGER, template="outreach/_panel_team.html", order=15)
    add_panel(app, panels.unit_plans, roles.CASE_MANAGER, template="outreach/_panel_unit.html", order=30)
