"""A plan's SOP timeline (/rencana/<id>/waktu) and the overdue-steps panel on every home screen."""

from datetime import timedelta

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from peewee import fn

from web import roles, steps
from web.audit import VIEW, audit
from web.models import Assignment, Plan, StepLog, Target, Visit
from web.models.letters import plan_documents_visible
from web.models.steps import DueStep
from web.outreach import fetch_plan
from web.timeutil import now

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
    targets = plan.targets
    of_target = steps.timelines(targets, steps.TARGET_STEPS)
    targets = [(target, of_target[target.id]) for target in targets]
    return render_template(
        "timeline/plan.html", plan=plan, timeline=steps.timeline(plan, steps.PLAN_STEPS), targets=targets
    )


# ---- Overdue steps on the home screens ----------------------------------------------------

# Each subject is shown only to whom its own rule shows it (a worker: their targets and the plans
# they wrote or are assigned to); the SOP step log itself holds no personal data. The panel issues the
# same queries whatever the data: per kind of subject (target, plan, visit) the role's steps on it, the
# first PANEL_SIZE late rows joined to their subject with how many there are (one query), and the same for
# each due rule of the role (step 6, due and not started).

PANEL_SIZE = 20  # the home shows the longest overdue first, with how many there are in all

KINDS = {
    **{steps.sop.step(name).number: "target" for name in steps.TARGET_STEPS},
    **{steps.sop.step(name).number: "plan" for name in steps.PLAN_STEPS},
    **{steps.sop.step(name).number: "visit" for name in steps.VISIT_STEPS},
}


def _assigned_plans(user):
    """Ids of the plans `user` is actively assigned to (one query; empty for other roles)."""
    if user.role != roles.WORKER:
        return set()
    return {pk for (pk,) in Assignment.plans_of(user).tuples()}


def _plan_subject(user, assigned):
    def describe(plan):
        visible = user.role in (roles.ADMIN, roles.HEAD, roles.CASE_MANAGER) or plan.id in assigned
        url = url_for("timeline.plan", plan_id=plan.id) if visible else None
        return f"{plan.label} · " + _("Versi %(n)d", n=plan.version), url

    return Plan, Plan.visible_to(user).select(Plan.id), describe


def _target_subject(user, assigned):
    def describe(target):
        return _("Korban %(code)s", code=target.code), None

    return Target, Target.visible_to(user).select(Target.id), describe


def _visit_subject(user, assigned):
    if user.role not in (roles.CASE_MANAGER, roles.HEAD, roles.WORKER):
        return None
    return None, Visit.ids_visible_on_steps(user), lambda pk: (_("Kunjungan no. %(id)s", id=pk), None)


# Per kind of subject: (model joined or None, query of the ids `user` may see, describe(subject or id)).
SUBJECTS = {"plan": _plan_subject, "target": _target_subject, "visit": _visit_subject}


def _row(log, step, described):
    subject, url = described
    return {"log": log, "step": step, "subject": subject, "url": url, "late": log.minutes_taken - step.minutes}


def overdue(user, size=PANEL_SIZE):
    """([{"log", "step", "subject", "url", "late"}] of the overdue steps `user` must act on, the longest
    late first, at most `size`; how many there are in all)."""
    if user.unit_id is None:
        return [], 0
    assigned = _assigned_plans(user)
    rows, count = [], 0
    numbers = {}
    for step in steps.sop.OUTREACH_STEPS:
        if step.role == user.role and step.number in KINDS:
            numbers.setdefault(KINDS[step.number], []).append(step.number)
    waiting = steps.waiting_queries(user.role)
    subjects = {kind: SUBJECTS[kind](user, assigned) for kind in sorted(set(numbers) | {w[0] for w in waiting})}
    for kind, kind_numbers in numbers.items():
        if subjects[kind] is None:
            continue
        model, visible, describe = subjects[kind]
        logs = list(StepLog.late(user.unit_id, kind_numbers, kind, visible, subject=model, limit=size))
        count += logs[0].overdue_total if logs else 0
        for log in logs:
            step = steps.sop.STEP_BY_NUMBER[log.step]
            rows.append(_row(log, step, describe(log.subject if model is not None else log.subject_id)))
    # due steps nobody started (step 6): their clock runs from when they became due
    for kind, number, waiting_query in waiting:
        if subjects[kind] is None:
            continue
        model, visible, describe = subjects[kind]
        step = steps.sop.STEP_BY_NUMBER[number]
        query = waiting_query(user.unit_id, now() - timedelta(minutes=step.minutes))
        query = query.select_extend(fn.COUNT(model.id).over().alias("overdue_total")).where(model.id.in_(visible))
        found = list(query.limit(size))
        count += found[0].overdue_total if found else 0
        for subject in found:
            rows.append(_row(DueStep(kind, subject.id, number, subject.due_since), step, describe(subject)))
    rows.sort(key=lambda row: -row["late"])
    return rows[:size], count


def overdue_steps(user):
    rows, count = overdue(user)
    return {"rows": rows, "count": count} if rows else None
