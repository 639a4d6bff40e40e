"""Not high risk (step 10b): the case manager schedules a further assessment and assigns a worker.
Report (step 11): the outreach report of a plan to the Kepala, who marks it received."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from web import printing, roles, steps
from web.access import acting_user, fetch
from web.audit import CREATE, DENIED, UPDATE, VIEW, audit
from web.cases.forms import FurtherDoneForm, FurtherForm, ReportForm
from web.concurrency import StaleRecord
from web.db import db
from web.models import FurtherAssessment, OutreachReport, Plan, RiskAssessment, User
from web.timeutil import today as local_today

bp = Blueprint("cases", __name__)


# ---- Further assessment (10b) -----------------------------------------------------------------


def _render_new(assessment, form, status=200):
    return render_template("cases/further_new.html", assessment=assessment, visit=assessment.visit, form=form), status


@bp.route("/asesmen-risiko/<int:assessment_id>/asesmen-lanjutan", methods=["GET", "POST"])
def further_new(assessment_id):
    assessment = fetch(RiskAssessment, assessment_id, edit=True)
    user = acting_user()
    workers = list(User.in_unit(user.unit_id, roles.WORKER))
    form = FurtherForm()
    form.assigned_to.choices = [SelectChoice("", _("Pilih petugas"))] + [
        SelectChoice(str(w.id), w.full_name) for w in workers
    ]
    if request.method == "GET":
        audit(VIEW, assessment, detail="jadwal-asesmen-lanjutan")
        form.assigned_to.data = str(assessment.assessed_by_id)
        form.scheduled_for.data = local_today().isoformat()
        return _render_new(assessment, form)
    if not form.check(workers):
        return _render_new(assessment, form, 422)
    with db.atomic():
        further = FurtherAssessment.schedule(assessment, user, form.date, form.worker, (form.notes.data or "").strip())
        audit(CREATE, further, detail=f"assigned_to={form.worker.id}")
    flash(_("Asesmen lanjutan dijadwalkan. Petugas melihatnya di berandanya."), "success")
    return redirect(url_for("cases.further", further_id=further.id))


def _render_further(further, form=None, status=200):
    return render_template(
        "cases/further.html",
        further=further,
        visit=further.visit,
        assessment=further.assessment,
        form=form or FurtherDoneForm().show_version(further),
        can_edit=further.can_edit(acting_user()),
    ), status


@bp.route("/asesmen-lanjutan/<int:further_id>")
def further(further_id):
    further = fetch(FurtherAssessment, further_id)
    audit(VIEW, further)
    return _render_further(further)


@bp.route("/asesmen-lanjutan/<int:further_id>/selesai", methods=["POST"])
def further_done(further_id):
    further = fetch(FurtherAssessment, further_id, edit=True)
    form = FurtherDoneForm()
    if not form.validate():
        return _render_further(further, form, 422)
    try:
        with db.atomic():
            further.finish(form.seen_version(), acting_user(), form.findings.data.strip())
            audit(UPDATE, further, detail="selesai")
    except StaleRecord as stale:  # someone else changed or finished it since the page was made
        return _render_further(FurtherAssessment.get_by_id(further.id), form.show_stale(stale), 409)
    flash(_("Asesmen lanjutan ditandai selesai."), "success")
    return redirect(url_for("cases.further", further_id=further.id))


# ---- Outreach report (11) ---------------------------------------------------------------------


def _plan(plan_id, *, write=False):
    """The plan, if the user may see (or write) its report; 404 / 403 like web.access.fetch."""
    plan = Plan.get_or_none(Plan.id == plan_id)
    if plan is None:
        abort(404)
    user = acting_user()
    ok = OutreachReport.plan_writable(plan, user) if write else OutreachReport.plan_visible(plan, user)
    if not ok:
        audit(DENIED, plan, detail="laporan-penjangkauan")
        abort(403)
    return plan


def _render_report(plan, report, form, status=200):
    """The plan's received reports (frozen), then the visits not yet in one: the report being written or
    waiting, or, after a received one, a follow-up report."""
    user = acting_user()
    rows = OutreachReport.rows(plan)
    follow_up = report is not None and report.is_received and bool(rows)
    writable = OutreachReport.plan_writable(plan, user) and (report is None or not report.is_received or follow_up)
    return render_template(
        "cases/report.html",
        plan=plan,
        report=None if report is not None and report.is_received else report,
        received=[r for r in OutreachReport.of_plan(plan) if r.is_received],
        rows=rows,
        follow_up=follow_up,
        form=form,
        writable=writable,
        can_receive=(
            report is not None and not report.is_received and user.role == roles.HEAD and user.unit_id == plan.unit_id
        ),
    ), status


@bp.route("/rencana/<int:plan_id>/laporan-penjangkauan")
def report(plan_id):
    plan = _plan(plan_id)
    report = OutreachReport.for_plan(plan)
    user = acting_user()
    audit(VIEW, report if report else plan, detail="laporan-penjangkauan")
    if report is None and OutreachReport.plan_writable(plan, user):
        steps.start(plan, steps.REPORT, user)
    pending = report if report is not None and not report.is_received else None
    form = ReportForm(
        data={"findings": pending.findings if pending else "", "version": str(pending.version if pending else 0)}
    )  # 0: no report being written when the page was made (a new one, or a follow-up)
    return _render_report(plan, report, form)


@bp.route("/rencana/<int:plan_id>/laporan-penjangkauan/kirim", methods=["POST"])
def report_submit(plan_id):
    plan = _plan(plan_id, write=True)
    report = OutreachReport.for_plan(plan)
    if report is not None and report.is_received and not OutreachReport.rows(plan):
        flash(_("Laporan ini sudah diterima Kepala UPTD dan tidak bisa diubah lagi."), "error")
        return redirect(url_for("cases.report", plan_id=plan.id))
    form = ReportForm()
    if not form.validate():
        return _render_report(plan, report, form, 422)
    try:
        with db.atomic():
            report, created = OutreachReport.submit(
                plan, acting_user(), form.findings.data.strip(), form.seen_version()
            )
            audit(CREATE if created else UPDATE, report)
    except StaleRecord as stale:
        return _render_report(plan, OutreachReport.for_plan(plan), form.show_stale(stale), 409)
    flash(_("Laporan penjangkauan dikirim ke Kepala UPTD."), "success")
    return redirect(url_for("cases.report", plan_id=plan.id))


@bp.route("/laporan-penjangkauan/<int:report_id>/diterima", methods=["POST"])
def report_receive(report_id):
    report = fetch(OutreachReport, report_id)
    user = acting_user()
    if user.role != roles.HEAD:
        abort(403)
    with db.atomic():
        received = report.receive(user)
        if received:
            audit(UPDATE, report, detail="diterima")
    if received:
        flash(_("Laporan penjangkauan ditandai sudah diterima."), "success")
    return redirect(url_for("cases.report", plan_id=report.plan_id))


@bp.route("/laporan-penjangkauan/<int:report_id>/cetak")
def print_report(report_id):
    """Laporan hasil penjangkauan (SOP step 11) on A4: the plan, the visits, the SOP steps of the plan,
    the worker's findings, and the signatures of the worker and the Kepala. Opening it is a read."""
    report = fetch(OutreachReport, report_id)
    audit(VIEW, report, detail="print view")
    plan = report.plan
    return printing.render_form(
        "cases/print_report.html",
        title=_("Laporan hasil penjangkauan: %(plan)s", plan=plan.label),
        back_url=url_for("cases.report", plan_id=plan.id),
        back_label=_("Kembali ke laporan penjangkauan"),
        record_url=url_for("cases.print_report_record", report_id=report.id),
        step=steps.REPORT,
        report=report,
        plan=plan,
        unit=plan.unit,
        team=plan.team,
        rows=report.frozen_rows() if report.is_received else OutreachReport.rows(plan),
        timeline=steps.timeline(plan, steps.PLAN_STEPS),
        kepala=report.received_by if report.is_received else printing.kepala_of(plan.unit_id),
    )


@bp.route("/laporan-penjangkauan/<int:report_id>/cetak", methods=["POST"])
def print_report_record(report_id):
    report = fetch(OutreachReport, report_id)
    return printing.record_print(report, url_for("cases.print_report", report_id=report.id), "laporan penjangkauan")
