"""Reports (issue 12, points 4 and 5): the dashboard of a month for the Kepala and the case managers, and
the unit's monthly exports (SIMFONI PPA, the PMKS register) as CSV and XLSX."""

from flask_babel import lazy_gettext as _l

from web import roles


def register(app):
    from web.main.panels import add_panel
    from web.reports import panels, routes

    app.register_blueprint(routes.bp)
    add_panel(app, panels.reports, roles.HEAD, roles.CASE_MANAGER, template="reports/_panel.html", order=80)
    try:
        from web.main.menu import add_menu
    except ImportError:  # the menu (issue 12 point 1) is not on this branch yet: the home panel links
        return
    add_menu(app, "reports.dashboard", _l("Laporan"), order=60)
