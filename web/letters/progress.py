"""Steps 6 (administration) and 7 (coordination) in the SOP step log (web.steps).

* Step 6 becomes due when an approved plan has its team (``ready_since``: the time step 5,
  assignment, finished; else step 4, approval). It STARTS at the admin staff's first real action on
  the plan's documents (making letters, or saving a change to the checklist), never because a page
  was opened, and FINISHES when the Surat Tugas and every traveller's SPPD exist and every other
  document is ready or not needed.
* Step 7 starts when step 6 finishes (the Surat Tugas is what the team shows when it coordinates),
  or at the first contact logged, and finishes when the team says coordination is done.
"""

from peewee import fn

from web import steps
from web.models import StepLog
from web.models.letters import ADMIN_STEP, COORDINATION_STEP, DocumentItem, Letter
from web.models.outreach import Assignment, Plan
from web.models.steps import DueStep
from web.timeutil import now

APPROVAL_STEP, ASSIGNMENT_STEP = 4, 5


def log_of(plan, number):
    return StepLog.get_or_none(
        StepLog.subject_type == plan._meta.table_name, StepLog.subject_id == plan.id, StepLog.step == number
    )


def ready_log(plan):
    """The log of the step that made the plan ready for the admin staff: assignment (5), else approval (4)."""
    for number in (ASSIGNMENT_STEP, APPROVAL_STEP):
        log = log_of(plan, number)
        if log is not None and log.finished_at is not None:
            return log
    return None


def ready_since(plan):
    """Since when step 6 has been due (the admin staff's work waiting), or None if not known."""
    log = ready_log(plan)
    return log.finished_at if log is not None else None


def admin_due_since(plan):
    """Step 6 is due once an approved plan has its team: its clock runs from then, started or not."""
    return ready_since(plan) if plan.is_approved and plan.team else None


def _logs_of(plans, numbers):
    """{(plan id, step): StepLog} for many plans, in one query."""
    ids = [plan.id for plan in plans]
    return {  # also without plans: a home issues the same queries whatever the data
        (log.subject_id, log.step): log
        for log in StepLog.select().where(
            StepLog.subject_type == Plan._meta.table_name, StepLog.subject_id.in_(ids), StepLog.step.in_(numbers)
        )
    }


def _ready_since_of(plan, logs):
    for number in (ASSIGNMENT_STEP, APPROVAL_STEP):
        log = logs.get((plan.id, number))
        if log is not None and log.finished_at is not None:
            return log.finished_at
    return None


def admin_due_since_many(plans):
    """{plan id: since when step 6 has been due, or None} for many plans in two queries."""
    plans = [plan for plan in plans if plan.is_approved]
    with_team = Assignment.plans_with_team([plan.id for plan in plans])
    logs = _logs_of([plan for plan in plans if plan.id in with_team], (ASSIGNMENT_STEP, APPROVAL_STEP))
    return {plan.id: _ready_since_of(plan, logs) for plan in plans if plan.id in with_team}


steps.due_rule(
    "plan", ADMIN_STEP.number, admin_due_since, Plan.approved_in, admin_due_since_many, Letter.admin_step_waiting
)


def start_admin_step(plan, user, at=None):
    """Step 6 starts at the admin staff's first action on an approved plan with a team (idempotent)."""
    log = log_of(plan, ADMIN_STEP.number)
    if log is not None or not plan.is_approved or not plan.team:
        return log
    return steps.start(plan, steps.ADMINISTRATION, user, at=at or now())


def admin_overview(unit, on=None, size=None):
    """The admin staff's one home panel: the unit's approved plans, each once, in three groups:
    ``to_prepare`` [(plan, step-6 log (a false DueStep when not started), due since)],
    ``no_team`` [plan] (step 5 first) and
    ``ready`` [plan] (step 6 finished and no traveller without SPPD, the outreach not over before `on`);
    each group its first `size` (all if None), and ``<group>_count``: how many in all. One query per
    group (Letter.admin_groups), whatever the data."""
    on = on or now().date()
    out = {}
    for name, query in Letter.admin_groups(unit, on).items():
        plans = list(query.select_extend(fn.COUNT(Plan.id).over().alias("group_total")).limit(size))
        out[f"{name}_count"] = plans[0].group_total if plans else 0
        out[name] = plans
    out["to_prepare"] = [(plan, _admin_log(plan), plan.ready_since) for plan in out["to_prepare"]]
    return out


def _admin_log(plan):
    """Step 6's log of a plan read by Letter.admin_groups, or a false DueStep while due and not started."""
    log = getattr(plan, "admin_log", None)
    if log is not None and log.id is not None:
        return log
    if plan.ready_since is not None:  # due and not started: its clock runs all the same
        return DueStep("plan", plan.id, ADMIN_STEP.number, plan.ready_since)
    return None


def coordination_logs(plans):
    """{plan id: step 7's log} for many plans, in one query."""
    return {pk: log for (pk, _number), log in _logs_of(plans, (COORDINATION_STEP.number,)).items()}


def admin_work_done(plan):
    return not Letter.missing_slots(plan) and DocumentItem.all_settled(plan)


def after_admin_change(plan, user, acted=True):
    """After letters were made or the checklist saved (`acted`: something was really made or changed):
    start step 6 if it has not started, finish it when all is ready, and then start step 7."""
    if acted:
        start_admin_step(plan, user)
    if log_of(plan, ADMIN_STEP.number) is None or not admin_work_done(plan):
        return False
    log = steps.finish(plan, steps.ADMINISTRATION, user)
    steps.start(plan, steps.COORDINATION, user, at=log.finished_at)
    return True


def coordination_started(plan, user):
    return steps.start(plan, steps.COORDINATION, user)


def coordination_finished(plan, user):
    return steps.finish(plan, steps.COORDINATION, user)


def coordination_log(plan):
    return log_of(plan, COORDINATION_STEP.number)
