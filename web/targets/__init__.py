"""SOP Penjangkauan steps 1-2: who to reach (targets), the person's identification and verification."""

from web import roles
from web.main.panels import add_panel


def register(app):
    from web.targets import panels, routes

    app.register_blueprint(routes.bp)
    add_panel(app, panels.my_targets, roles.WORKER, template="targets/_panel_worker.html", order=20)
