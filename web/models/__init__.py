"""All models, so that `from web.models import X` works and migrations can be checked against them.

Each workflow area keeps its models in its own module here; add the module to MODULES below.
"""
from web.db import BaseModel, db  # noqa: F401
from web.models.core import (MIN_PASSWORD_LENGTH, AuditLog, LoginThrottle, Unit, User, clean_nip,  # noqa: F401
                             clean_rank)


def all_models():
    """Every model class, for the schema check in the tests."""
    seen, stack = [], list(BaseModel.__subclasses__())
    while stack:
        model = stack.pop(0)
        if model not in seen:
            seen.append(model)
            stack.extend(model.__subclasses__())
    return seen
from web.models.outreach import Assignment, Person, Plan, PlanTarget, Target  # noqa: F401,E402
from web.models.steps import StepLog  # noqa: F401,E402
from web.models.visits import Consent, ConsentScope, Visit  # noqa: F401,E402
from web.models.letters import CoordinationContact, DocumentItem, Letter  # noqa: F401,E402
from web.models.referrals import (ConsentOverride, FurtherAssessment, OutreachReport, Referral,  # noqa: F401,E402
                                    ReferralEvent, RiskAssessment, RiskFlag)
from web.models.visits import Attachment  # noqa: F401,E402
from web.models.offline import Submission, SubmissionConflict  # noqa: F401,E402
from web.models.outreach import BudgetLine, Counter, PlanDecision, PlanParty, TeamProposal, Verification  # noqa: F401,E402
