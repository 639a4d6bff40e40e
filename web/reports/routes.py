"""The dashboard (a month of the unit's figures as SVG charts with their tables), the monthly exports
(SIMFONI, PMKS register; CSV or XLSX; audited with the reason) and the unit's export rule."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from web import sop, sop_cases
from web.access import acting_user
from web.audit import EXPORT, UPDATE, audit
from web.db import db
from web.models import AuditLog
from web.models.reports import Figures, ReportSettings
from web.reports import charts, exports
from web.reports.forms import ExportForm, ExportRuleForm, MonthForm
from web.reports.months import Month
from web.timeutil import now

bp = Blueprint("reports", __name__, url_prefix="/laporan")

TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.route("")
def dashboard():
    """A month of the unit's cases, services, flags and SOP time standards (Kepala and case managers)."""
    user = acting_user()
    form = MonthForm(request.args)
    valid = form.validate()
    month = form.month if valid else Month.current()
    start, end = month.bounds()
    figures = Figures(user.unit_id, start, end)
    violence = figures.by_violence()
    age_sex = figures.by_age_sex()
    chart_list = [
        charts.counts(
            "kekerasan", _("Kasus menurut jenis kekerasan"), _("Jenis kekerasan"), sop_cases.VIOLENCE_TYPES, violence
        ),
        charts.age_sex(age_sex),
        charts.counts(
            "layanan", _("Layanan yang diberikan"), _("Layanan"), sop_cases.CASE_SERVICES, figures.services_given()
        ),
        charts.response(figures.flags()),
        charts.steps(figures.outreach_steps(), figures.case_steps()),
    ]
    return (
        render_template(
            "reports/dashboard.html",
            form=form,
            month=month,
            previous=month.shift(-1),
            following=month.shift(1) if month.shift(1) <= Month.current() else None,
            cases_total=sum(age_sex.values()),
            charts=chart_list,
            may_export=ReportSettings.may_export(user),
        ),
        200 if valid else 422,
    )


@bp.route("/ekspor", methods=["GET", "POST"])
def export():
    """The unit's monthly export: only the Kepala and the role the unit grants; a reason is asked and audited
    (its key, never typed text); free text only when ticked (audited as such)."""
    user = acting_user()
    if not ReportSettings.may_export(user):
        if request.method == "GET":  # a case manager whose unit has not granted it: told why, not a bare 403
            return render_template("reports/export_not_granted.html")
        abort(403)
    form = ExportForm()
    if request.method == "GET":
        form.bulan.data = request.args.get("bulan") if Month.parse(request.args.get("bulan")) else Month.current().key
        form.jenis.data = form.jenis.data or "simfoni"
        form.format.data = form.format.data or "xlsx"
        return render_template("reports/export.html", form=form)
    if not form.validate_on_submit():
        return render_template("reports/export.html", form=form), 422
    month, unit = form.month, user.unit
    start, end = month.bounds()
    free_text = bool(form.teks_bebas.data)
    if form.jenis.data == "simfoni":
        header, rows, _unassessed, people = exports.simfoni(unit, start, end, free_text)
        prefix, title = "SIMFONI", "SIMFONI"
    else:
        header, rows, people = exports.pmks(unit, start, end, free_text)
        prefix, title = "PMKS", "Register PMKS"
    fmt = form.format.data
    body = exports.to_xlsx(header, rows, title) if fmt == "xlsx" else exports.to_csv(header, rows)
    filename = f"{prefix}_{unit.code}_{month.key}.{fmt}"
    detail = (
        f"{form.jenis.data} {month.key} {fmt} alasan={form.alasan.data} "
        f"teks_bebas={'ya' if free_text else 'tidak'} baris={len(rows)}"
    )
    with db.atomic():
        audit(EXPORT, record_type="unit", record_id=unit.id, detail=detail)
        if people:  # each person in the file: one entry, written by one INSERT
            at = now()
            AuditLog.insert_many(
                [
                    dict(
                        at=at,
                        action=EXPORT,
                        user=user.id,
                        unit=user.unit_id,
                        record_type="person",
                        record_id=str(pid),
                        ip=request.remote_addr or "",
                        detail=f"{form.jenis.data} {month.key}",
                    )
                    for pid in sorted(people)
                ]
            ).execute()
    response = make_response(body)
    response.headers["Content-Type"] = TYPES[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/pengaturan", methods=["GET", "POST"])
def settings():
    """The Kepala decides who besides her may export the unit's data."""
    user = acting_user()
    form = ExportRuleForm()
    if request.method == "GET":
        form.peran.data = ReportSettings.export_role_of(user.unit_id)
        return render_template("reports/settings.html", form=form)
    if not form.validate_on_submit():
        return render_template("reports/settings.html", form=form), 422
    role = form.peran.data or ""
    with db.atomic():
        if role != ReportSettings.export_role_of(user.unit_id):
            ReportSettings.set_export_role(user.unit_id, role)
            audit(UPDATE, record_type="unit", record_id=user.unit_id, detail=f"export role={role or 'kepala'}")
    flash(
        _(
            "Pengaturan ekspor disimpan: %(who)s.",
            who=sop.by_key(sop_cases.EXPORT_GRANTS, role).label(str(get_locale())),
        ),
        "success",
    )
    return redirect(url_for("reports.settings"))
