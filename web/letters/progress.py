"""Steps 6 (administration) and 7 (coordination) in the SOP step log (web.steps).

* Step 6 starts when the approved plan has its team (the time step 5, assignment, finished; else
  step 4, approval; else the moment the admin staff first see the plan), and
  finishes when the Surat Tugas and every traveller's SPPD exist and every other document is
  ready or not needed.
* Step 7 starts when step 6 finishes (the Surat Tugas is what the team shows when it coordinates),
  or at the first contact logged, and finishes when the team says coordination is done.
"""
from web import steps
from web.models import StepLog
from web.models.letters import ADMIN_STEP, COORDINATION_STEP, DocumentItem, Letter

APPROVAL_STEP, ASSIGNMENT_STEP = 4, 5


def log_of(plan, number):
    return StepLog.get_or_none(StepLog.subject_type == plan._meta.table_name, StepLog.subject_id == plan.id,
                               StepLog.step == number)


def ready_log(plan):
    """The log of the step that made the plan ready for the admin staff: assignment (5), else approval (4)."""
    for number in (ASSIGNMENT_STEP, APPROVAL_STEP):
        log = log_of(plan, number)
        if log is not None and log.finished_at is not None:
            return log
    return None


def ensure_admin_step(plan, user=None):
    """Start step 6 for an approved plan with a team, at the time it became the admin staff's work."""
    log = log_of(plan, ADMIN_STEP.number)
    if log is not None or not plan.is_approved or not plan.team:
        return log
    earlier = ready_log(plan)
    if earlier is not None:
        return steps.start(plan, ADMIN_STEP.number, earlier.finished_by, at=earlier.finished_at)
    return steps.start(plan, ADMIN_STEP.number, user)


def open_admin_steps(unit):
    """Start step 6 of every approved plan of the unit that waits for its letters; returns those plans."""
    plans = Letter.plans_to_prepare(unit)
    for plan in plans:
        ensure_admin_step(plan)
    return plans


def admin_work_done(plan):
    return not Letter.missing_slots(plan) and DocumentItem.all_settled(plan)


def after_admin_change(plan, user):
    """After letters were made or the checklist saved: finish step 6 when all is ready, and start step 7."""
    ensure_admin_step(plan, user)
    if not admin_work_done(plan):
        return False
    log = steps.finish(plan, ADMIN_STEP.number, user)
    steps.start(plan, COORDINATION_STEP.number, user, at=log.finished_at)
    return True


def coordination_started(plan, user):
    return steps.start(plan, COORDINATION_STEP.number, user)


def coordination_finished(plan, user):
    return steps.finish(plan, COORDINATION_STEP.number, user)


def coordination_log(plan):
    return log_of(plan, COORDINATION_STEP.number)
