"""All models, so that `from web.models import X` works and migrations can be checked against them.

Each workflow area keeps its models in its own module here; add the module to MODULES below.
"""

from web.db import BaseModel, db
from web.models.core import MIN_PASSWORD_LENGTH, AuditLog, LoginThrottle, Unit, User, clean_nip, clean_rank


def all_models():
    """Every model class with a table, for the schema check in the tests (a base that only lends its
    fields to others, such as rehab's ``_CaseRecord``, says ``ABSTRACT = True`` and has none)."""
    seen, stack = [], list(BaseModel.__subclasses__())
    while stack:
        model = stack.pop(0)
        if model not in seen:
            seen.append(model)
            stack.extend(model.__subclasses__())
    return [model for model in seen if not model.__dict__.get("ABSTRACT")]


from web.models.casefile import CaseAnswer, CaseAssessment, CaseDocument, CaseReview, CaseSettings, Perpetrator
from web.models.cases import Case, CaseEvent, CaseStepLog
from web.models.letters import CoordinationContact, DocumentItem, Letter
from web.models.offline import Submission, SubmissionConflict
from web.models.outreach import (
    Assignment,
    BudgetLine,
    Counter,
    Person,
    Plan,
    PlanDecision,
    PlanParty,
    PlanTarget,
    Target,
    TeamProposal,
    Verification,
)
from web.models.referrals import (
    ConsentOverride,
    FurtherAssessment,
    OutreachReport,
    Referral,
    ReferralEvent,
    RiskAssessment,
    RiskFlag,
)
from web.models.rehab import (
    CaseConference,
    Disposition,
    HomeVisit,
    Mediation,
    MonitoringNote,
    PlanTask,
    Termination,
)
from web.models.reports import ReportSettings
from web.models.services import CaseService, PmksEntry, ServiceLetter, SocialReport
from web.models.steps import StepLog
from web.models.visits import (
    Attachment,
    Consent,
    ConsentScope,
    Visit,
)
