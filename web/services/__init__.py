"""Services and referrals of a case (issue 11, point 5) and the records the SOPs name (point 8): the
case file summary, the social report (laporan sosial) and the PMKS register entry.

The area adds its section to the case page (`add_case_section`) and a home panel of overdue services for
case managers and the Kepala. The caseload reads `CaseService.overdue(unit)` and
`CaseService.overdue_counts(cases)` (web/models/services.py).
"""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from web import roles, sop_cases
from web.casefile import EVENT_LABELS
from web.casefile.sections import add_case_section
from web.main.menu import add_menu
from web.main.panels import add_panel


class _EventLabel:
    """A service event's words in the current language, for the case page's history (EVENT_LABELS)."""

    def __init__(self, item):
        self.item = item

    def __str__(self):
        return self.item.label(str(get_locale()))

    def __html__(self):
        return str(escape(str(self)))


def register(app):
    for event in sop_cases.SERVICE_EVENTS:
        EVENT_LABELS.setdefault(event.key, _EventLabel(event))
    from web.services import routes

    app.register_blueprint(routes.bp)
    add_case_section(app, routes.section, template="services/_section.html", order=40)
    add_panel(
        app, routes.overdue_panel, roles.CASE_MANAGER, roles.HEAD, template="services/_panel_overdue.html", order=15
    )
    add_menu(app, "services.register", _l("Register PMKS"), order=45)
