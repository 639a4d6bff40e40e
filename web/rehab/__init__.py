"""Social rehabilitation (SOP 003, issue 11 point 6) and termination of every case.

Screens under /kasus/<case_id>/...: the disposition sheet (the Kepala), screening with a home visit,
mediation (printable for signatures), the case conference and its plan, accompaniment and monitoring
notes against the plan's tasks, and termination: the final report (laporan akhir) approved by the
Kepala closes the case (Case.close); a closed case can be reopened (Case.reopen). The home-visit,
mediation and monitoring forms work offline. Two sections on the case page (web/casefile/sections.py).
"""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from web import sop_cases
from web.casefile.sections import add_case_section
from web.offline.forms import OfflineForm, add_offline_form, blank


def case_home(case):
    """Where "back to the case" goes: the case page (web/casefile) once it exists, else this area's page."""
    if "casefile.show" in current_app.view_functions:
        return url_for("casefile.show", case_id=case.id)
    if case.procedure == sop_cases.REHABILITATION:
        return url_for("rehab.overview", case_id=case.id)
    return url_for("rehab.termination", case_id=case.id)


def register(app):
    from web.rehab import forms, routes, sections

    app.register_blueprint(routes.bp)
    app.add_template_global(case_home, "case_home")
    add_case_section(app, sections.rehabilitation, template="rehab/_section.html", order=60)
    add_case_section(app, sections.termination, template="rehab/_section_termination.html", order=90)
    for kind, slug, endpoint, path, title, partial, form in (
        ("home_visit", "kunjungan-rumah", "rehab.home_visit", "kunjungan-rumah", _l("Kunjungan rumah"),
         "rehab/_home_visit_form.html", forms.HomeVisitForm),
        ("mediation", "mediasi", "rehab.mediation", "mediasi", _l("Mediasi"),
         "rehab/_mediation_form.html", forms.MediationForm),
        ("monitoring", "pemantauan", "rehab.monitoring", "pemantauan", _l("Pendampingan dan monitoring"),
         "rehab/_monitoring_form.html", forms.MonitoringForm),
    ):  # fmt: skip
        add_offline_form(
            app,
            OfflineForm(
                kind,
                slug,
                endpoint,
                rf"^/kasus/[0-9]+/{path}$",
                title,
                partial,
                blank(form),
                "case",
                action=f"/kasus/{{case}}/{path}",
            ),
        )
