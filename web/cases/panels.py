"""Home-screen panels of steps 10b and 11: new assessments to follow up (case managers), further
assessments and reports to write (workers), reports waiting (Kepala)."""
from web import roles
from web.main.panels import home_panel
from web.models import FurtherAssessment, OutreachReport, RiskAssessment


@home_panel(roles.CASE_MANAGER, template="cases/_panel_new_assessments.html", order=20)
def new_assessments(user):
    items = list(RiskAssessment.awaiting_further_assessment(user.unit_id))
    return {"assessments": items} if items else None


@home_panel(roles.WORKER, template="cases/_panel_further.html", order=20)
def my_further_assessments(user):
    items = list(FurtherAssessment.open_for(user))
    return {"further": items} if items else None


@home_panel(roles.WORKER, template="cases/_panel_reports_due.html", order=30)
def reports_due(user):
    plans = list(OutreachReport.plans_to_report(user))
    return {"plans": plans} if plans else None


@home_panel(roles.HEAD, template="cases/_panel_reports_waiting.html", order=20)
def reports_waiting(user):
    reports = list(OutreachReport.waiting(user.unit_id))
    return {"reports": reports} if reports else None
