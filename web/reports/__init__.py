"""Reports (issue 12, points 4 and 5): the dashboard of a month for the Kepala and the case managers, and
the unit's monthly exports (SIMFONI PPA, the PMKS register) as CSV and XLSX."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel


def register(app):
    from web.reports import panels, routes

    app.register_blueprint(routes.bp)
    add_panel(app, panels.reports, roles.HEAD, roles.CASE_MANAGER, template="reports/_panel.html", order=80)
    add_menu(app, "reports.dashboard", _l("Laporan bulanan"), order=60)
    add_menu(app, "reports.settings", _l("Aturan ekspor data"), order=86)
