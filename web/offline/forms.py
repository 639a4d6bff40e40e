"""The forms that work offline, and the form a case manager uses to close a conflict.

OFFLINE_FORMS is the one list of offline forms: which POST view to wrap (by endpoint name), which
URLs the service worker answers with a blank copy when there is no signal, and which partial that
blank copy is rendered from. A form whose view or partial does not exist yet is left out.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateNotFound
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from web.inputs import FlaskForm


@dataclass(frozen=True)
class OfflineForm:
    kind: str            # "visit" | "consent" | "risk" | "darurat": the Submission kind
    slug: str            # /luring/formulir/<slug>
    endpoint: str        # the POST view to wrap
    pattern: str         # the page's path (a JavaScript regular expression) the blank copy stands for
    title: object        # lazy text
    partial: str = ""    # template of the form (no personal data); "" = no blank copy
    context: Callable = field(default=lambda: {})  # what the partial needs, blank
    needs: str = ""      # "target" | "visit": what the page's URL points at
    has_form_tag: bool = True  # the partial holds its own <form data-offline-form>; else it is the body
    action: str = ""     # the real URL, {target} {plan} {ref} filled in by the page's picker
    scripts: tuple = ()  # the form's own JavaScript (static/...), loaded by its blank copy too

    def available(self):
        if not self.partial or self.endpoint not in current_app.view_functions:
            return False
        try:
            current_app.jinja_env.get_template(self.partial)
        except TemplateNotFound:
            return False
        return True


def _blank(module, name, **extra):
    """A blank copy of another area's FlaskForm, without a CSRF token (the page is public)."""
    def build():
        from importlib import import_module
        try:
            form_class = getattr(import_module(module), name)
        except (ImportError, AttributeError):
            return {}
        return {"form": form_class(formdata=None, meta={"csrf": False}), **extra}
    return build


OFFLINE_FORMS = [
    OfflineForm("visit", "kunjungan", "visits.new", r"^/kunjungan/baru$", _l("Mulai kunjungan"),
                "visits/_visit_form.html", _blank("web.visits.forms", "StartVisitForm"), "target",
                action="/kunjungan/baru?target={target}&plan={plan}"),
    OfflineForm("consent", "persetujuan", "visits.consent", r"^/kunjungan/[^/]+/persetujuan$",
                _l("Persetujuan"), "visits/_consent_form.html",
                _blank("web.visits.forms", "ConsentForm"), "visit", action="/kunjungan/{ref}/persetujuan",
                scripts=("js/signature.js",)),
    OfflineForm("risk", "asesmen-risiko", "assessments.risk_form", r"^/kunjungan/[^/]+/asesmen-risiko$",
                _l("Asesmen risiko"), "assessments/_risk_form.html",
                _blank("web.assessments.forms", "RiskForm", result=None, rule_error=None), "visit",
                has_form_tag=False, action="/kunjungan/{ref}/asesmen-risiko"),
    # The one-tap Darurat button has no page of its own: the blank risk form carries one.
    OfflineForm("darurat", "darurat", "referrals.darurat", r"^/kunjungan/[^/]+/darurat$", _l("Darurat"),
                needs="visit"),
]


def by_slug(slug):
    return next((f for f in OFFLINE_FORMS if f.slug == slug), None)


class ResolveForm(FlaskForm):
    note = TextAreaField(_l("Apa yang sudah dilakukan"), validators=[
        DataRequired(_l("Tulis apa yang sudah dilakukan dengan kiriman ini.")), Length(max=2000)])
