"""Risk assessment (step 9): the worker answers the items, sees the level and the reasons, then saves.

A tinggi assessment raises a risk flag for the unit's case managers at once (step 10a); a rendah or
sedang one appears in their list "Asesmen baru" to schedule a further assessment (step 10b).
"""

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from web import printing, risk, roles, steps
from web.access import acting_user, fetch
from web.assessments.forms import RiskForm
from web.audit import CREATE, UPDATE, VIEW, audit
from web.db import db
from web.extensions import htmx
from web.models import ConsentScope, FurtherAssessment, Referral, RiskAssessment, RiskFlag
from web.offline.submissions import offline_form
from web.referrals.lookup import fetch_visit, valid_instance_id

bp = Blueprint("assessments", __name__)


def _consent_given(visit):
    """The person agreed to the assessment (step 8 comes before step 9)."""
    return ConsentScope.allowed(visit, "asesmen")


def _render(visit, form, result=None, rule_error=None, status=200, consent_error=False):
    return render_template(
        "assessments/risk.html",
        visit=visit,
        form=form,
        result=result,
        rule_error=rule_error,
        consent_ok=_consent_given(visit),
        consent_error=consent_error,
    ), status


def _assess(form, answers, hours):
    """web.risk.assess with the worker's level; a broken rule becomes a message next to the level."""
    worker_level = form.worker_level()
    try:
        return risk.assess(answers, worker_level, form.lower_reason.data or "", hours), None
    except risk.RiskRuleError:
        base = risk.assess(answers, None, "", hours)
        if base.forced:
            message = _(
                "Tingkat risiko TINGGI karena ada tanda bahaya yang dijawab Ya. Tingkat ini tidak boleh diturunkan."
            )
        else:
            message = _("Tuliskan alasan Anda jika menurunkan tingkat risiko dari hasil perhitungan.")
        form.level.errors.append(message)
        return base, message


@bp.route("/kunjungan/<ref>/asesmen-risiko", methods=["GET", "POST"])
@offline_form("risk", RiskAssessment)
def risk_form(ref):
    visit = fetch_visit(ref, edit=True)
    user = acting_user()
    form = RiskForm()
    if request.method == "GET":
        audit(VIEW, visit, detail="asesmen-risiko")
        if user.role == roles.WORKER:
            steps.start(visit, steps.RISK_ASSESSMENT, user)
        return _render(visit, form)

    preview = "preview" in request.form
    form.validate()  # lengths; CSRF is checked for every POST before this view
    answers_ok = form.check_answers(require_all=not preview)
    hours = form.hours()
    answers = form.answers()
    result, rule_error = _assess(form, answers, hours)
    has_errors = bool(rule_error) or not answers_ok or bool(form.errors)

    if preview:
        status = 422 if has_errors else 200
        if htmx:
            return render_template("assessments/_risk_result.html", result=result, rule_error=rule_error), status
        return _render(visit, form, result, rule_error, status)
    if has_errors:
        return _render(visit, form, result, rule_error, 422)
    if not _consent_given(visit):
        return _render(visit, form, result, rule_error, 422, consent_error=True)

    instance_id = valid_instance_id(form.instance_id.data) or str(uuid.uuid4())
    assessment = _save(visit, answers, result, user, instance_id)
    if assessment.is_high:
        flash(_("Asesmen disimpan. Risiko TINGGI: tanda bahaya sudah dikirim ke manajer kasus."), "error")
    else:
        flash(_("Asesmen disimpan dan dilaporkan ke manajer kasus untuk dijadwalkan asesmen lanjutan."), "success")
    return redirect(url_for("assessments.assessment", assessment_id=assessment.id))


def _save(visit, answers, result, user, instance_id):
    with db.atomic():
        assessment, flag, new_flag = RiskAssessment.submit(visit, answers, result, user, instance_id)
        audit(CREATE, assessment, detail=f"level={assessment.level}")
        if flag is not None:  # a new flag, or the Darurat flag the worker raised first, now completed
            audit(CREATE if new_flag else UPDATE, flag, detail="asesmen")
    return assessment


@bp.route("/asesmen-risiko/<int:assessment_id>")
def assessment(assessment_id):
    assessment = fetch(RiskAssessment, assessment_id)
    audit(VIEW, assessment)
    visit = assessment.visit
    return render_template(
        "assessments/assessment.html",
        assessment=assessment,
        visit=visit,
        flags=list(RiskFlag.for_visit(visit)),
        referrals=list(Referral.for_visit(visit)),
        further=list(FurtherAssessment.for_visit(visit)),
        can_schedule=(current_user.role == roles.CASE_MANAGER),
    )


@bp.route("/asesmen-risiko/<int:assessment_id>/cetak")
def print_risk(assessment_id):
    """Formulir asesmen risiko (SOP step 9) on A4: the questions with the answers given, the level, the
    follow-up of step 10, and the signatures of the worker and the case manager. Opening it is a read."""
    assessment = fetch(RiskAssessment, assessment_id)
    audit(VIEW, assessment, detail="print view")
    visit = assessment.visit
    flags = [flag for flag in RiskFlag.for_visit(visit) if flag.assessment_id == assessment.id]
    further = [fa for fa in FurtherAssessment.for_visit(visit) if fa.assessment_id == assessment.id]
    flag_ids = {flag.id for flag in flags}
    referrals = [r for r in Referral.for_visit(visit) if r.flag_id in flag_ids]
    # "Mengetahui": the case manager who took up the flag, else who scheduled the further assessment
    managers = [f.acknowledged_by for f in flags if f.acknowledged_by_id] + [fa.created_by for fa in further]
    return printing.render_form(
        "assessments/print_risk.html",
        title=_("Formulir asesmen risiko %(code)s", code=visit.target.code),
        back_url=url_for("assessments.assessment", assessment_id=assessment.id),
        back_label=_("Kembali ke hasil asesmen"),
        record_url=url_for("assessments.print_risk_record", assessment_id=assessment.id),
        step=steps.RISK_ASSESSMENT,
        assessment=assessment,
        visit=visit,
        unit=visit.unit,
        groups=risk.grouped_items(),
        answer_options=risk.ANSWERS,
        flags=flags,
        referrals=referrals,
        further=further,
        manager=managers[0] if managers else None,
    )


@bp.route("/asesmen-risiko/<int:assessment_id>/cetak", methods=["POST"])
def print_risk_record(assessment_id):
    """The Cetak button of the form: one print, audited."""
    assessment = fetch(RiskAssessment, assessment_id)
    return printing.record_print(
        assessment, url_for("assessments.print_risk", assessment_id=assessment.id), "formulir asesmen risiko"
    )


@bp.app_template_filter("risk_level_label")
def risk_level_label(level):
    """ "tinggi" -> "Tinggi" / "High"."""
    return risk.level_label(level, str(get_locale())) if level else ""


@bp.app_template_filter("risk_item_short")
def risk_item_short(key):
    """An item key -> its few words for summaries (the key itself if the unit removed the item)."""
    item = risk.ITEM_BY_KEY.get(key)
    return item.short(str(get_locale())) if item else key
