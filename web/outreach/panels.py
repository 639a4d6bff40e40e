"""Home panels of steps 3-5, for the people who must act: the worker's drafts and returned plans and
the plans they are assigned to (with targets and briefing); the Kepala's plans waiting for approval;
plans waiting for a team; all plans of the unit for the case manager. (The admin staff's one panel of approved plans is
web.letters' own: steps 5-6 in one list.)
A plan whose open SOP step is past its time standard is marked."""

from web import roles
from web.main.panels import first
from web.models.outreach import Plan


def with_overdue(plans):
    """[(plan, overdue StepLog or None)]."""
    plans = list(plans)
    logs = Plan.open_steps(plans)  # one query for all the plans
    out = []
    for plan in plans:
        log = logs.get(plan.id)
        out.append((plan, log if log is not None and log.is_overdue else None))
    return out


def assigned(user):
    plans, count = first(Plan.assigned_to(user))
    return {"plans": plans, "count": count, "targets": Plan.targets_of(plans)}


def drafts(user):
    plans, count = first(Plan.drafts_of(user))
    plans = Plan.with_last_returns(plans)
    waiting, waiting_count = first(Plan.submitted_by(user))
    rows = with_overdue(plans)  # also without plans: a home issues the same queries whatever the data
    if user.role == roles.CASE_MANAGER and not plans and not waiting:
        return None
    return {"plans": rows, "count": count, "waiting": waiting, "waiting_count": waiting_count, "can_write": True}


def awaiting(user):
    plans, count = first(Plan.awaiting_approval(user.unit))
    plans = Plan.with_lines(plans)  # each shows its total: the lines in one query
    dinas, dinas_count = first(Plan.awaiting_dinas(user.unit))
    return {"plans": with_overdue(plans), "count": count, "dinas": dinas, "dinas_count": dinas_count}


def needing_team(user):
    plans, count = first(Plan.needing_team(user.unit))
    rows = with_overdue(plans)  # also without plans: the same queries whatever the data
    return {"plans": rows, "count": count} if rows else None


def unit_plans(user):
    plans = [p for p in Plan.in_unit_with_author(user.unit).limit(30) if p.status != Plan.SUPERSEDED]
    return {"plans": plans}
