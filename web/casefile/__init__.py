"""Cases (issue 11): intake, the case page, data and needs assessment, supervisor review, the caseload.

The case page (`casefile.show`) is the hub of a case: every case area adds its section to it from its own
`register(app)` with `add_case_section` (web/casefile/sections.py), as areas add home panels. Every screen
of a case fetches it with `fetch_case` (404/403, audited), never from an id in a form.
"""

from flask import abort, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from web.access import fetch
from web.audit import DENIED, audit
from web.models import Case

# The case's history (CaseEvent.kind) in words; other case areas add theirs: EVENT_LABELS["closed"] = _l(...).
EVENT_LABELS = {
    "opened": _l("Kasus dibuka"),
    "assessment_submitted": _l("Asesmen dikirim ke atasan"),
    "review_setuju": _l("Atasan setuju dengan asesmen"),
    "review_lengkapi": _l("Atasan minta asesmen dilengkapi"),
    "review_layanan": _l("Atasan setuju dan menentukan layanan"),
}

ASSESSMENT_STATES = {
    "draf": _l("Draf"),
    "dikirim": _l("Menunggu telaah atasan"),
    "dikembalikan": _l("Perlu dilengkapi"),
    "disetujui": _l("Disetujui atasan"),
}


def _label_of(items, key):
    from web.sop import by_key

    item = by_key(items, key, None)
    return item.label(str(get_locale())) if item is not None else ""


def template_globals():
    from web import sop_cases

    return {
        "case_event_label": lambda kind: EVENT_LABELS.get(kind, kind),
        "case_channel_label": lambda key: _label_of(sop_cases.CASE_CHANNELS, key),
        "case_category_label": lambda key: _label_of(sop_cases.COMPLAINT_CATEGORIES, key),
        "assessment_status_label": lambda key: ASSESSMENT_STATES.get(key, key),
        "review_decision_label": lambda key: _label_of(sop_cases.REVIEW_DECISIONS, key),
        "case_label": _label_of,
        "sop_cases": sop_cases,
    }


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
    from web import roles
    from web.casefile import forms, panels, routes
    from web.casefile.sections import add_case_section
    from web.main.menu import add_menu
    from web.main.panels import add_panel
    from web.offline.forms import OfflineForm, add_offline_form
    from web.visits import add_visit_section

    app.register_blueprint(routes.bp)
    app.jinja_env.globals.update(template_globals())
    for kind, slug, endpoint, pattern, title, partial, context, needs, action in (
        ("case_intake", "terima-klien", "casefile.new", r"^/kasus/baru$", _l("Terima korban baru"),
         "casefile/_intake_form.html", forms.blank_intake, "", "/kasus/baru"),
        ("case_assessment", "asesmen-kasus", "casefile.assessment", r"^/kasus/[0-9]+/asesmen$",
         _l("Pendataan dan asesmen kasus"), "casefile/_assessment_form.html", forms.blank_assessment, "case",
         "/kasus/{case}/asesmen"),
    ):  # fmt: skip
        add_offline_form(app, OfflineForm(kind, slug, endpoint, pattern, title, partial, context, needs, action=action))
    add_menu(app, "casefile.index", _l("Kasus"), order=11)
    add_menu(app, "casefile.caseload", _l("Beban kasus"), order=12)
    add_menu(app, "casefile.settings", _l("Pengaturan kasus"), order=60)
    add_case_section(app, panels.intake_section, template="casefile/_section_intake.html", order=10)
    add_case_section(app, panels.consent_risk_section, template="casefile/_section_consent_risk.html", order=20)
    add_case_section(app, panels.assessment_section, template="casefile/_section_assessment.html", order=30)
    add_visit_section(app, panels.visit_case, template="casefile/_visit_case.html", order=90)
    add_panel(app, panels.intake_panel, roles.ADMIN, template="casefile/_panel_intake.html", order=10)
    add_panel(
        app, panels.reviews_panel, roles.CASE_MANAGER, roles.HEAD, template="casefile/_panel_reviews.html", order=12
    )
    add_panel(
        app,
        panels.caseload_panel,
        roles.WORKER,
        roles.CASE_MANAGER,
        roles.HEAD,
        template="casefile/_panel_caseload.html",
        order=14,
    )
