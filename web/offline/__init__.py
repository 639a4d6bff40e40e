"""Offline first (issue 5): the installable app shell, the service worker, forms sent from a phone
exactly once, and the review of conflicting sends.

- shell.py        the manifest, the service worker's version and its precache list
- submissions.py  the idempotency wrapper put around the offline forms' POST views
- compress.py     gzip for text responses (cheap phones on slow networks)
- routes.py       /sw.js, /manifest.webmanifest, /luring (offline page, blank forms, key), conflicts
"""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel


def register(app):
    from web.offline import routes

    app.register_blueprint(routes.bp)
    routes.setup(app)
    add_menu(app, "offline.conflicts", _l("Kiriman ganda"), order=70)
    add_panel(
        app, routes.conflicts_panel, roles.CASE_MANAGER, roles.HEAD, template="offline/_panel_conflicts.html", order=90
    )
