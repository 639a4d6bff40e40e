"""Home-screen panels of step 10a (risk flags for the case managers, polled; consent overrides for
the Kepala) and the risk section of the visit page."""
from web.models import ConsentOverride, FurtherAssessment, Referral, RiskAssessment, RiskFlag
from web.timeutil import now


def flag_lists(user):
    """The unit's flags the user may see: urgent (not acknowledged) and in handling."""
    return {
        "urgent": [f for f in RiskFlag.urgent(user.unit_id) if f.can_view(user)],
        "handling": [f for f in RiskFlag.in_handling(user.unit_id) if f.can_view(user)],
        "now": now(),
    }


def risk_flags(user):
    return flag_lists(user)


def consent_overrides(user):
    waiting = list(ConsentOverride.unreviewed(user.unit_id))
    return {"overrides": waiting} if waiting else None


def visit_risk(visit, user):
    """On the visit page: the Darurat button, the visit's assessments, flags and referrals."""
    return {
        "assessments": list(RiskAssessment.for_visit(visit)),
        "flags": list(RiskFlag.for_visit(visit)),
        "referrals": list(Referral.for_visit(visit)),
        "further": list(FurtherAssessment.for_visit(visit)),
        "can_edit": visit.can_edit(user),
    }
