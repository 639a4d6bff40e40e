"""Home-screen panels of steps 10b and 11: new assessments to follow up (case managers), further
assessments and reports to write (workers), reports waiting (Kepala)."""

from web.models import FurtherAssessment, OutreachReport, RiskAssessment


def new_assessments(user):
    items = list(RiskAssessment.awaiting_further_assessment(user.unit_id))
    return {"assessments": items} if items else None


def my_further_assessments(user):
    items = list(FurtherAssessment.open_for(user))
    return {"further": items} if items else None


def reports_due(user):
    plans = list(OutreachReport.plans_to_report(user))
    return {"plans": plans} if plans else None


def reports_waiting(user):
    reports = list(OutreachReport.waiting(user.unit_id))
    return {"reports": reports} if reports else None
