"""SOP Penjangkauan steps 1-2: who to reach (targets), the person's identification and verification."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel


def register(app):
    from web.targets import panels, routes

    app.register_blueprint(routes.bp)
    add_menu(app, "targets.index", _l("Korban"), order=10)
    add_panel(app, panels.my_targets, roles.WORKER, template="targets/_panel_worker.html", order=20)
