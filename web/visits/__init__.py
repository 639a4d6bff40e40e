"""Visits in the field: start a visit, the person's consent (SOP step 8), photos and documents.

Other areas use two things from here:

* `fetch_visit(ref, edit=False)`: the visit for a URL's `<ref>` (its id, or the instance_id a phone
  gave it offline), checked with can_view/can_edit through web.access.fetch (404/403).
* `add_visit_section(app, build, template=..., order=...)`: a block of the visit page owned by another
  area (the risk assessment, referrals), added from that area's `register(app)`. `build` gets
  (visit, user) and returns the template's context as `ctx`, or None to show nothing:

      add_visit_section(app, panels.visit_risk, template="referrals/_visit_risk.html", order=20)
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app
from flask_babel import lazy_gettext as _l

from web import roles
from web.access import fetch
from web.main.panels import add_panel
from web.offline.forms import OfflineForm, add_offline_form, blank


def fetch_visit(ref, edit=False):
    from web.models import Visit

    visit = Visit.by_ref(ref)
    if visit is None:
        abort(404)
    return fetch(Visit, visit.id, edit=edit)


@dataclass(frozen=True)
class Section:
    template: str
    build: Callable
    order: int


SECTIONS = "jangkau_visit_sections"


def add_visit_section(app, build, template, order=50):
    sections = app.extensions.setdefault(SECTIONS, [])
    sections.append(Section(template, build, order))
    sections.sort(key=lambda s: (s.order, s.template))


def sections_for(visit, user):
    out = []
    for section in current_app.extensions.get(SECTIONS, ()):
        context = section.build(visit, user)
        if context is not None:
            out.append((section.template, context))
    return out


def register(app):
    from web.visits import routes
    from web.visits.forms import ConsentForm, StartVisitForm

    app.register_blueprint(routes.bp)
    add_panel(
        app, routes.witness_panel, roles.WORKER, roles.CASE_MANAGER, template="visits/_panel_witness.html", order=5
    )
    add_panel(app, routes.targets_panel, roles.WORKER, template="visits/_panel_targets.html", order=2)
    add_panel(app, routes.recent_panel, roles.CASE_MANAGER, roles.HEAD, template="visits/_panel_recent.html", order=60)
    add_offline_form(
        app,
        OfflineForm(
            "visit",
            "kunjungan",
            "visits.new",
            r"^/kunjungan/baru$",
            _l("Mulai kunjungan"),
            "visits/_visit_form.html",
            blank(StartVisitForm),
            "target",
            action="/kunjungan/baru?target={target}&plan={plan}",
        ),
    )
    add_offline_form(
        app,
        OfflineForm(
            "consent",
            "persetujuan",
            "visits.consent",
            r"^/kunjungan/[^/]+/persetujuan$",
            _l("Persetujuan"),
            "visits/_consent_form.html",
            blank(ConsentForm),
            "visit",
            action="/kunjungan/{ref}/persetujuan",
            scripts=("js/signature.js",),
            stand_in=True,
        ),
    )
