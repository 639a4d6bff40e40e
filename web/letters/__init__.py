"""Step 6 of the SOP Penjangkauan: from an approved plan, the admin staff make the Surat Tugas, one
SPPD per traveller and tick the other documents (tickets, case form, outreach form).

Shared by the coordination (step 7) and timeline screens: the step recording in
`web.letters.progress`; their plan comes from `web.outreach.fetch_plan(plan_id, plan_documents_visible)`.
"""

from flask_babel import to_user_timezone

from web import roles
from web.main.panels import add_panel
from web.timeutil import now


def local_year(at=None):
    """The year in the unit's time zone (a letter made on 1 January at 01:00 WIB is of the new year)."""
    return to_user_timezone(at or now()).year


def register(app):
    from web.letters import routes

    app.register_blueprint(routes.bp)
    add_panel(app, routes.approved_plans, roles.ADMIN, template="letters/_panel_admin.html", order=20)
    add_panel(app, routes.my_letters, roles.WORKER, template="letters/_panel_worker.html", order=20)
