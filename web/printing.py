"""The SOP's forms on A4 (issue 12 point 8): the risk assessment, the referral and the outreach report.

One page shape for all three, the same as the letters' (static/css/print.css, static/js/print.js): a
bar on screen (title, the way back, the Cetak button) and the sheet, always in Bahasa Indonesia (an
official form, as the Surat Tugas). Opening the page is a read of the record (the view audits it);
the Cetak button records one print (a POST, audited as PRINT), then opens the browser's print dialog.
The sheets share the unit's kop and the signature lines (templates/_print_form.html).
"""

from flask import abort, flash, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from web import sop
from web.audit import PRINT, audit
from web.inputs import FlaskForm
from web.models.core import User
from web.roles import HEAD
from web.timeutil import now


class PrintForm(FlaskForm):
    """The Cetak button: a print recorded (no fields, the CSRF token only)."""


def kepala_of(unit):
    """The unit's active Kepala (who signs "Mengetahui"), or None: one query."""
    return User.in_unit(unit, HEAD).first()


def render_form(template, *, title, back_url, back_label, record_url, step, **context):
    """The print page of one form: `template` is the sheet, rendered in Bahasa Indonesia; `step` the
    key of the SOP step (web.steps) the form belongs to, named under its title."""
    with force_locale("id"):
        sheet = Markup(render_template(template, printed_at=now(), step=sop.step(step), **context))
    return render_template(
        "print_form.html",
        title=title,
        back_url=back_url,
        back_label=back_label,
        record_url=record_url,
        sheet=sheet,
    )


def record_print(record, back_url, detail):
    """The Cetak button's POST: one print of `record`, audited. 204 for the button's own request
    (print.js), else back to the print page with a word on how to print."""
    if not PrintForm().validate_on_submit():
        abort(400)
    audit(PRINT, record, detail=detail)
    if request.headers.get("X-Jangkau-Print"):
        return "", 204
    flash(_("Pencetakan dicatat. Pakai menu Cetak di peramban untuk mencetak."), "info")
    return redirect(back_url, 303)
