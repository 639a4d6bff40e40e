"""Who may call which endpoint: the one table, enforced before every request.

Every endpoint of the app must be listed here; an endpoint that is missing is refused (deny by
default) and tests/test_permissions.py fails. The value is PUBLIC, ANY_USER (any logged-in user)
or a tuple of roles from web.roles. Which *record* a user may see is decided by the fetch helper
in web/access.py; this table decides which *screens*.

Each workflow area keeps its own section below, so that areas can grow side by side.
"""
from web.roles import ADMIN, CASE_MANAGER, HEAD, SYSADMIN, WORKER  # noqa: F401

PUBLIC = "public"
ANY_USER = "any-user"

CORE = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": ANY_USER,
    "auth.language": PUBLIC,
    "main.healthz": PUBLIC,
    "main.home": ANY_USER,
    "main.team": (CASE_MANAGER, HEAD, ADMIN, SYSADMIN),
}

# Issue 3: targets, plans, approval, assignment, Surat Tugas, coordination (web/outreach/).
OUTREACH = {
}

# Issue 4: visits, consent, risk assessment (web/visits/).
VISITS = {
}

# Issue 4: risk flags, emergency referrals, further assessment, reports (web/referrals/, web/cases/).
REFERRALS = {
}

# Issue 5: manifest, service worker, offline sync (web/offline/).
OFFLINE = {
}

PERMISSIONS = {**CORE, **OUTREACH, **VISITS, **REFERRALS, **OFFLINE}


def allowed(rule, user):
    """True when `user` (a Flask-Login user, maybe anonymous) passes `rule`."""
    if rule == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return rule == ANY_USER or user.role in rule
