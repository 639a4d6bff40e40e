"""Home-screen panels of step 10a (risk flags for the case managers, polled; consent overrides for
the Kepala) and the risk section of the visit page."""

import hashlib

from flask_babel import get_locale

from web.models import ConsentOverride, FurtherAssessment, Referral, RiskAssessment, RiskFlag
from web.timeutil import now


def flags_etag(user, at=None):
    """What the polled flag list depends on, as an ETag, from one cheap query: the unit's open flags
    (count, highest id, sum of versions), who asks, in which language, and the minute (the timers
    count minutes; with no open flag the list does not change with time)."""
    count, highest, versions = RiskFlag.open_state(user.unit_id)
    minute = (at or now()).strftime("%Y%m%d%H%M") if count else ""
    key = f"{count}.{highest}.{versions}.{user.id}.{user.role}.{user.unit_id}.{get_locale()}.{minute}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def flag_lists(user):
    """The unit's flags the user may see: urgent (not acknowledged) and in handling."""
    at = now()
    return {
        "urgent": [f for f in RiskFlag.urgent(user.unit_id) if f.can_view(user)],
        "handling": [f for f in RiskFlag.in_handling(user.unit_id) if f.can_view(user)],
        "now": at,
        "etag": flags_etag(user, at),
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
