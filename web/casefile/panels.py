"""What the case file adds to other pages: its sections of the case page (intake and documents, consent
and risk, the assessment and its review), the "Buka kasus" block of a visit page, and the home panels
(the caseload, reviews waiting, intake for admin staff). Each costs a fixed number of queries."""

from web import roles
from web.models import (
    Case,
    CaseAssessment,
    CaseDocument,
    CaseReview,
    CaseSettings,
    CaseStepLog,
    Consent,
    RiskAssessment,
    RiskFlag,
    Visit,
)
from web.models.services import CaseService
from web.timeutil import now

# ---- sections of the case page --------------------------------------------------------------------


def intake_section(case, user):
    """Intake and documents: everyone who sees the case (admin staff included); the chronology only to
    those who see the story, or to admin staff while the intake step is open."""
    return {
        "documents": CaseDocument.checklist(case),
        "chronology": case.chronology if case.can_see_story(user) else None,
        "can_edit_documents": case.is_open and user.role in (roles.ADMIN, roles.WORKER, roles.CASE_MANAGER),
    }


def consent_risk_section(case, user):
    """Point 2: consent and risk of the case's client: from the outreach visit it came from (carried over)
    and from the case's own meetings (the visit forms through case.meeting)."""
    if not case.can_see_story(user):
        return None
    visits = list(
        Visit.select().where((Visit.case == case.id) | (Visit.id == (case.origin_visit_id or 0))).order_by(Visit.id)
    )
    ids = [v.id for v in visits]
    consents = {}
    risks = []
    if ids:
        for consent in Consent.select().where(Consent.visit.in_(ids)).order_by(Consent.id):
            consents[consent.visit_id] = consent
        risks = list(RiskAssessment.select().where(RiskAssessment.visit.in_(ids)).order_by(RiskAssessment.id))
    latest = None
    for visit in reversed(visits):
        if visit.id in consents:
            latest = consents[visit.id]
            break
    flags = list(RiskFlag.select().where(RiskFlag.visit.in_(ids)).order_by(RiskFlag.id)) if ids else []
    return {
        "consent": latest,
        "risks": risks,
        "flags": flags,
        "carried": bool(case.origin_visit_id),
        "can_edit": case.can_edit(user),
    }


def assessment_section(case, user):
    """The assessment's state and the supervisor's answers: never to admin staff."""
    if not case.can_see_story(user):
        return None
    assessment = CaseAssessment.of(case)
    return {
        "assessment": assessment,
        "reviews": list(CaseReview.history(case)) if assessment else [],
        "can_edit": case.can_edit(user) and (assessment is None or assessment.is_editable),
        "can_review": bool(
            assessment
            and assessment.status == CaseAssessment.SUBMITTED
            and case.is_open
            and user.role == CaseSettings.reviewer_of(case.unit_id)
        ),
    }


# ---- the visit page: open a case from it ---------------------------------------------------------


def visit_case(visit, user):
    """On an outreach visit's page: its open case, or "Buka kasus" (person, consent, risk carried over)."""
    if visit.case_id is not None or visit.target.person_id is None:
        return None
    case = Case.select().where(Case.target == visit.target_id, Case.status == Case.OPEN).first()
    if case is not None:
        return {"case": case if case.can_view(user) else None, "known": True}
    if user.role not in (roles.WORKER, roles.CASE_MANAGER):
        return None
    return {"case": None, "known": False}


# ---- home panels ----------------------------------------------------------------------------------


HOME_CASES = 20  # the first of the caseload on the home; the rest on /kasus/beban, paged


def caseload_panel(user):
    """Issue 12 point 2, "Kasus saya": the first open cases of the caseload (a case manager's own, a worker's
    own, the Kepala's unit) with the next due step and late services in red, the count and the late count
    of the whole caseload. Five queries, whatever its size."""
    cases = list(Case.caseload(user).limit(HOME_CASES))
    if not cases:
        return None
    at = now()
    next_due = CaseStepLog.next_due(cases)
    late_services = CaseService.overdue_counts(cases, at)
    count, overdue = Case.caseload_counts(user, at)
    return {
        "count": count,
        "overdue": overdue,
        "rows": [(c, next_due.get(c.id), late_services.get(c.id, 0)) for c in cases],
        "more": count > len(cases),
        "at": at,
    }


def reviews_panel(user):
    waiting = list(CaseAssessment.waiting_review(user).limit(20))
    return {"waiting": waiting} if waiting else None


def intake_panel(user):
    return {"recent": list(Case.listing(user).limit(5))}
