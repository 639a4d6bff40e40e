"""Home-screen panels of step 10a (risk flags for the case managers, polled; consent overrides for
the Kepala) and the risk section of the visit page."""

import hashlib
from datetime import timedelta

from flask_babel import get_locale

from web.models import ConsentOverride, FurtherAssessment, Referral, ReferralEvent, RiskAssessment, RiskFlag
from web.timeutil import now

ANSWERS_SHOWN_HOURS = 24  # a provider's answer stays in the alerts bar this long (until dismissed)


def flags_etag(user, at=None):
    """What the polled flag list depends on, as an ETag, from one cheap query: the unit's open flags
    (count, highest id, sum of versions), who asks, in which language, and the minute (the timers
    count minutes; with no open flag the list does not change with time)."""
    count, highest, versions = RiskFlag.open_state(user.unit_id)
    minute = (at or now()).strftime("%Y%m%d%H%M") if count else ""
    key = f"{count}.{highest}.{versions}.{user.id}.{user.role}.{user.unit_id}.{get_locale()}.{minute}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def alerts_etag(user, at=None):
    """What the alerts bar of every page depends on, from two cheap queries: the unit's open flags
    (as the flag list), the unit's newest referral answer, who asks, the language and the hour (old
    answers leave the bar)."""
    count, highest, versions = RiskFlag.open_state(user.unit_id)
    answer = ReferralEvent.latest_answer_id(user.unit_id)
    hour = (at or now()).strftime("%Y%m%d%H") if answer else ""
    key = f"alerts.{count}.{highest}.{versions}.{answer}.{user.id}.{user.role}.{user.unit_id}.{get_locale()}.{hour}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def alerts(user):
    """The alerts bar: how many flags wait for a case manager (and the newest one's id), and the
    providers' answers of the last hours recorded by someone else. Codes and providers only, no names."""
    at = now()
    count, highest = RiskFlag.urgent_state(user.unit_id)
    since = at - timedelta(hours=ANSWERS_SHOWN_HOURS)
    return {
        "urgent_count": count,
        "urgent_id": highest,
        "answers": list(ReferralEvent.answers_in_unit(user.unit_id, since, not_by=user)),
        "etag": alerts_etag(user, at),
    }


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


PANEL_ROWS = 20  # a home panel shows at most this many rows, with the count


def waiting_referrals(user):
    """Emergency referrals the provider has not answered yet (two queries: the count, the oldest rows)."""
    query = Referral.waiting_answer(user.unit_id)
    count = query.count()
    return {"count": count, "referrals": list(query.limit(PANEL_ROWS))} if count else None


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
