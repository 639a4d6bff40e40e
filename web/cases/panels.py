"""Home-screen panels of steps 10b and 11: new assessments to follow up (case managers), further
assessments and reports to write (workers), reports waiting (Kepala)."""

from web.models import FurtherAssessment, OutreachReport, RiskAssessment

PANEL_SIZE = 20  # a home panel shows this many; the badge counts them all


def new_assessments(user):
    """The PANEL_SIZE that waited longest, with how many wait in all (627 rows, 138 KB at 100k people)."""
    query = RiskAssessment.awaiting_further_assessment(user.unit_id)
    items = list(query.limit(PANEL_SIZE))
    if not items:
        return None
    return {"assessments": items, "count": query.count()}  # counted always: as many queries at any size


def my_further_assessments(user):
    items = list(FurtherAssessment.open_for(user))
    return {"further": items} if items else None


def reports_due(user):
    plans = list(OutreachReport.plans_to_report(user))
    return {"plans": plans} if plans else None


def reports_waiting(user):
    reports = list(OutreachReport.waiting(user.unit_id))
    return {"reports": reports} if reports else None
