"""The forms that work offline, and the form a case manager uses to close a conflict.

Each area declares its offline forms in its `register(app)` with `add_offline_form(app, OfflineForm(...))`:
which POST view takes the queued form (by endpoint name; the view itself carries
`@offline_form(kind, Record)` from web/offline/submissions.py), which URLs the service worker answers
with a blank copy when there is no signal, and which partial that blank copy is rendered from.
`check_views(app)` runs when the app is made: a form without its view, or a view without its form, is
an error then, not a silent drop.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateNotFound
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from web.inputs import FlaskForm

KEY = "jangkau_offline_forms"


@dataclass(frozen=True)
class OfflineForm:
    kind: str  # "visit" | "consent" | "risk" | "darurat": the Submission kind
    slug: str  # /luring/formulir/<slug>
    endpoint: str  # the POST view that takes it (declared @offline_form(kind, ...))
    pattern: str  # the page's path (a JavaScript regular expression) the blank copy stands for
    title: object  # lazy text
    partial: str = ""  # template of the form (no personal data); "" = no blank copy
    context: Callable = field(default=lambda: {})  # what the partial needs, blank
    needs: str = ""  # "target" | "visit": what the page's URL points at
    has_form_tag: bool = True  # the partial holds its own <form data-offline-form>; else it is the body
    action: str = ""  # the real URL, {target} {plan} {ref} filled in by the page's picker
    scripts: tuple = ()  # the form's own JavaScript (static/...), loaded by its blank copy too
    # The blank copy stands for the online page on a repeat visit (the service worker answers from its
    # cache, static/js/part.js fills in the person's part): only for a form whose online markup is the
    # blank one plus prefilled values (web/offline/part.py), nothing else inside the <form>.
    stand_in: bool = False

    def available(self):
        if not self.partial:
            return False
        try:
            current_app.jinja_env.get_template(self.partial)
        except TemplateNotFound:
            return False
        return True


def blank(form_class, **extra):
    """A blank copy of an area's FlaskForm, without a CSRF token (the page is public)."""

    def build():
        return {"form": form_class(formdata=None, meta={"csrf": False}), **extra}

    return build


def add_offline_form(app, form):
    app.extensions.setdefault(KEY, []).append(form)


def offline_forms():
    """This app's offline forms, in the order the areas added them."""
    return current_app.extensions.get(KEY, [])


def by_slug(slug):
    return next((f for f in offline_forms() if f.slug == slug), None)


def check_views(app):
    """Every offline form has its view, declared with the same kind, and every such view its form."""
    forms = app.extensions.get(KEY, [])
    declared = {
        endpoint: view.offline_kind
        for endpoint, view in app.view_functions.items()
        if getattr(view, "offline_kind", None)
    }
    for form in forms:
        if declared.get(form.endpoint) != form.kind:
            raise RuntimeError(
                f"offline form {form.kind!r}: no view {form.endpoint!r} declared @offline_form({form.kind!r})"
            )
    listed = {(f.endpoint, f.kind) for f in forms}
    for endpoint, kind in declared.items():
        if (endpoint, kind) not in listed:
            raise RuntimeError(f"view {endpoint!r} takes offline form {kind!r}, which no area added")


class ResolveForm(FlaskForm):
    note = TextAreaField(
        _l("Apa yang sudah dilakukan"),
        validators=[DataRequired(_l("Tulis apa yang sudah dilakukan dengan kiriman ini.")), Length(max=2000)],
    )
