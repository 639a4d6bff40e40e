"""A plan's SOP timeline (/rencana/<id>/waktu) and the overdue-steps panel on every home screen."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from web import roles, steps
from web.audit import VIEW, audit
from web.models import Assignment, Plan, StepLog, Target, Visit
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
    return render_template(
        "timeline/plan.html", plan=plan, timeline=steps.timeline(plan, steps.PLAN_STEPS), targets=targets
    )


# ---- Overdue steps on the home screens ----------------------------------------------------

# Each subject is shown only to whom its own rule shows it (a worker: their targets and the plans
# they wrote or are assigned to); the SOP step log itself holds no personal data.


def _assigned_plans(user):
    """Ids of the plans `user` is actively assigned to (one query; empty for other roles)."""
    if user.role != roles.WORKER:
        return set()
    return {
        pk
        for (pk,) in Assignment.select(Assignment.plan)
        .where(Assignment.user == user.id, Assignment.active == True)
        .tuples()
    }


def _plan_rows(ids, user, assigned):
    rows = {}
    for plan in Plan.visible_to(user).where(Plan.id.in_(ids)):
        visible = user.role in (roles.ADMIN, roles.HEAD, roles.CASE_MANAGER) or plan.id in assigned
        url = url_for("timeline.plan", plan_id=plan.id) if visible else None
        rows[plan.id] = (f"{plan.label} · " + _("Versi %(n)d", n=plan.version), url)
    return rows


def _target_rows(ids, user, assigned):
    return {
        target.id: (_("Korban %(code)s", code=target.code), None)
        for target in Target.visible_to(user).where(Target.id.in_(ids))
    }


def _visit_rows(ids, user, assigned):
    if user.role not in (roles.CASE_MANAGER, roles.HEAD, roles.WORKER):
        return {}
    query = Visit.select(Visit.id).where(Visit.id.in_(ids), Visit.unit == user.unit_id)
    if user.role == roles.WORKER:
        query = query.where(Visit.plan.in_(list(assigned) or [0]))
    return {pk: (_("Kunjungan no. %(id)s", id=pk), None) for (pk,) in query.tuples()}


# One query per kind of subject, only the rows `user` may see (each kind's own visibility rule).
SUBJECTS = {"plan": _plan_rows, "target": _target_rows, "visit": _visit_rows}


def overdue_for(user):
    """[{"log", "step", "subject", "url", "late"}] of the overdue steps `user` must act on."""
    if user.unit_id is None:
        return []
    # started steps past their standard, and due steps nobody started past theirs (a DueStep)
    logs = StepLog.overdue(user.unit, user.role) + [d for d in steps.waiting(user.unit, user.role) if d.is_overdue]
    assigned = _assigned_plans(user) if logs else set()
    found = {}
    for kind, describe in SUBJECTS.items():
        ids = sorted({log.subject_id for log in logs if log.subject_type == kind})
        if ids:
            found[kind] = describe(ids, user, assigned)
    out = []
    for log in logs:
        row = found.get(log.subject_type, {}).get(log.subject_id)
        if row is None:
            continue
        subject, url = row
        out.append(
            {
                "log": log,
                "step": log.sop_step,
                "subject": subject,
                "url": url,
                "late": log.minutes_taken - log.sop_step.minutes,
            }
        )
    return out


PANEL_SIZE = 20  # the home shows the longest overdue first, with how many there are in all


def overdue_steps(user):
    rows = overdue_for(user)
    return {"rows": rows[:PANEL_SIZE], "count": len(rows)} if rows else None
