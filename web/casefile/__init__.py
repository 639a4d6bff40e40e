"""Cases (issue 11): intake, the case page, data and needs assessment, supervisor review, the caseload.

The case page (`casefile.show`) is the hub of a case: every case area adds its section to it from its own
`register(app)` with `add_case_section` (web/casefile/sections.py), as areas add home panels. Every screen
of a case fetches it with `fetch_case` (404/403, audited), never from an id in a form.
"""

from flask import abort, request
from flask_login import current_user

from web.access import fetch
from web.audit import DENIED, audit
from web.models import Case


def fetch_case(case_id, *, edit=False, story=False, may=None):
    """The case behind a screen, for every case area: through web.access.fetch (404/403 by Case.can_view,
    Case.can_edit with edit=True); story=True also needs Case.can_see_story (admin staff see the intake
    and the documents, not the assessment's story); `may(case, user)` a further check. Else 403, audited."""
    case = fetch(Case, case_id, edit=edit)
    if (story and not case.can_see_story(current_user)) or (may is not None and not may(case, current_user)):
        audit(DENIED, case, detail=request.endpoint or "")
        abort(403)
    return case


def register(app):
    from web.casefile import routes

    app.register_blueprint(routes.bp)
