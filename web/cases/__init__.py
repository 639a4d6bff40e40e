"""Further assessment (step 10b) and the outreach report to the Kepala (step 11)."""

from web import roles
from web.main.panels import add_panel


def register(app):
    from web.cases import panels, routes

    app.register_blueprint(routes.bp)
    add_panel(app, panels.new_assessments, roles.CASE_MANAGER, template="cases/_panel_new_assessments.html", order=20)
    add_panel(app, panels.my_further_assessments, roles.WORKER, template="cases/_panel_further.html", order=20)
    add_panel(app, panels.reports_due, roles.WORKER, template="cases/_panel_reports_due.html", order=30)
    add_panel(app, panels.reports_waiting, roles.HEAD, template="cases/_panel_reports_waiting.html", order=20)
