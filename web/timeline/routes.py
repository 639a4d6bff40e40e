"""A plan's SOP timeline (/rencana/<id>/waktu) and the overdue-steps panel on every home screen."""
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from web import steps
from web.audit import VIEW, audit
from web.models import Plan, StepLog, Target, Visit
from web.models.letters import plan_documents_visible
from web.outreach import fetch_plan

bp = Blueprint("timeline", __name__)



@bp.app_template_filter("durasi")
def duration(minutes):
    """Minutes as a person says them: "45 menit", "1 jam 35 menit", "2 hari 3 jam"."""
    minutes = max(0, int(minutes or 0))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)d hari", "%(num)d hari", days))
    if hours:
        parts.append(ngettext("%(num)d jam", "%(num)d jam", hours))
    if mins or not parts:
        parts.append(ngettext("%(num)d menit", "%(num)d menit", mins))
    return " ".join(parts[:2])


@bp.route("/rencana/<int:plan_id>/waktu")
def plan(plan_id):
    """Each SOP step of the plan (and steps 1-2 of its targets): started, finished, by whom, and the
    time taken against the SOP's standard."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    audit(VIEW, plan, detail="timeline")
    targets = [(target, steps.timeline(target, steps.TARGET_STEPS)) for target in plan.targets]
    return render_template("timeline/plan.html", plan=plan, timeline=steps.timeline(plan, steps.PLAN_STEPS),
                           targets=targets)


# ---- Overdue steps on the home screens ----------------------------------------------------

# Each subject is shown only to whom its own rule shows it (a worker: their targets and the plans
# they wrote or are assigned to); the SOP step log itself holds no personal data.

def _plan_row(log, user):
    plan = Plan.get_or_none(Plan.id == log.subject_id)
    if plan is None or not plan.can_view(user):
        return None
    url = url_for("timeline.plan", plan_id=plan.id) if plan_documents_visible(plan, user) else None
    return f"{plan.label} · " + _("Versi %(n)d", n=plan.version), url


def _target_row(log, user):
    target = Target.get_or_none(Target.id == log.subject_id)
    if target is None or not target.can_view(user):
        return None
    return _("Sasaran %(code)s", code=target.code), None


def _visit_row(log, user):
    visit = Visit.get_or_none(Visit.id == log.subject_id)
    if visit is None or not visit.can_view(user):
        return None
    return _("Kunjungan no. %(id)s", id=visit.id), None


SUBJECTS = {"plan": _plan_row, "target": _target_row, "visit": _visit_row}


def overdue_for(user):
    """[{"log", "step", "subject", "url", "late"}] of the overdue steps `user` must act on."""
    out = []
    # started steps past their standard, and due steps nobody started past theirs (a DueStep)
    waiting = [d for d in steps.waiting(user.unit) if d.sop_step.role == user.role and d.is_overdue]
    for log in StepLog.overdue(user.unit, user.role) + waiting:
        describe = SUBJECTS.get(log.subject_type)
        row = describe(log, user) if describe else None
        if row is None:
            continue
        subject, url = row
        out.append({"log": log, "step": log.sop_step, "subject": subject, "url": url,
                    "late": log.minutes_taken - log.sop_step.minutes})
    return out


def overdue_steps(user):
    rows = overdue_for(user)
    return {"rows": rows} if rows else None

