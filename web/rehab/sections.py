"""The rehabilitation area's sections of the case page (web/casefile/sections.py): a fixed number of
queries each. Admin staff see neither (need to know: the story, the mediation, the monitoring)."""

from web import sop_cases
from web.models import CaseConference, HomeVisit, Mediation, MonitoringNote, PlanTask, Termination


def rehabilitation(case, user):
    """SOP 003's steps on a rehabilitation case: what was done, and links to do the next."""
    if case.procedure != sop_cases.REHABILITATION or not case.can_see_story(user):
        return None
    tasks = list(PlanTask.of_case(case))
    return {
        "case": case,
        "home_visits": HomeVisit.select().where(HomeVisit.case == case.id).count(),
        "mediations": Mediation.select().where(Mediation.case == case.id).count(),
        "conference": CaseConference.latest(case),
        "open_tasks": sum(1 for t in tasks if not t.is_done),
        "done_tasks": sum(1 for t in tasks if t.is_done),
        "notes": MonitoringNote.select().where(MonitoringNote.case == case.id).count(),
        "can_edit": case.can_edit(user),
    }


def termination(case, user):
    """Every case: its termination (the final report, waiting for the Kepala, approved) or the link to write it."""
    if not case.can_see_story(user):
        return None
    return {"case": case, "termination": Termination.current(case), "can_edit": case.can_edit(user)}
