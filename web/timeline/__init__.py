"""SOP time standards (issue 3, item 8): a plan's timeline of SOP steps against the standard of
web.sop, and the home panels listing overdue steps for the people who must act on them."""

from web import roles
from web.main.panels import add_panel


def register(app):
    from web.timeline import routes

    app.register_blueprint(routes.bp)
    add_panel(
        app,
        routes.overdue_steps,
        roles.WORKER,
        roles.CASE_MANAGER,
        roles.HEAD,
        roles.ADMIN,
        template="timeline/_panel_overdue.html",
        order=5,
    )
