"""Home screens per role (with the panels the areas add, web/main/panels.py), the team list, health."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel


def register(app):
    from web.main import homes, menu, routes

    app.register_blueprint(routes.bp)
    menu.init_app(app)
    add_menu(app, "main.home", _l("Beranda"), order=0)
    add_menu(app, "main.team", _l("Tim"), order=80)
    add_menu(app, "main.audit_trail", _l("Jejak akses"), order=90)
    add_panel(app, homes.first_steps, *roles.STAFF, template="main/_panel_first_steps.html", order=0)
    add_panel(app, homes.month_counts, roles.HEAD, template="main/_panel_month.html", order=40)
