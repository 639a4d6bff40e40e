"""The audit trail: call `audit()` whenever someone views, creates, changes, prints or exports a
record about a person, and on every login, logout and failed login.

Never pass a name, NIK, address or story in `detail`: the record type and id are enough.
"""

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from web.models import AuditLog

VIEW, CREATE, UPDATE, PRINT, EXPORT, DELETE = "view", "create", "update", "print", "export", "delete"
LOGIN, LOGOUT, LOGIN_FAILED, LOGIN_BLOCKED, DENIED = "login", "logout", "login_failed", "login_blocked", "denied"
OVERRIDE = "override"  # a referral without consent, life in danger
REFERRAL_BLOCKED = "referral_blocked"  # a referral refused for lack of consent
SEARCH = "search"  # a search of people or cases (what was typed is not kept: it may be a name)


def client_ip():
    return (request.remote_addr or "") if has_request_context() else ""


def audit(action, record=None, *, record_type=None, record_id=None, detail="", user=None):
    """Append one line to the audit log. `record` is a model instance (its table and id are kept)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        from web.access import acting_user  # web.access itself audits refusals

        user = acting_user()
    if action == DENIED and has_request_context():
        g.audit_denied = True
    if record is not None:
        record_type = record_type or record._meta.table_name
        record_id = record_id if record_id is not None else record._pk
    return AuditLog.create(
        action=action,
        user=user,
        unit=getattr(user, "unit_id", None),
        record_type=record_type or "",
        record_id="" if record_id is None else str(record_id),
        ip=client_ip(),
        detail=detail[:500],
    )


def audit_refusal():
    """Every 403 leaves a DENIED entry: the permission table's refusals, a role check inside a view,
    or a record refused by web.access.fetch (which writes its own, with the record: not twice)."""
    if not has_request_context() or g.get("audit_denied"):
        return None
    return audit(
        DENIED,
        record_type="endpoint",
        record_id=request.endpoint or "",
        detail=f"{request.method} {request.path}"[:500],
    )


def shown(person):
    """In a template, around a person whose name or details a screen shows: `shown(target.person).name`.
    Every person shown gets one VIEW entry per request, all written by one INSERT after the page."""
    if person is not None and has_request_context():
        g.setdefault("audit_shown", {})[person.id] = person
    return person


def write_shown(response):
    people = g.pop("audit_shown", None) if has_request_context() else None
    if not people or not current_user.is_authenticated:
        return response
    from web.access import acting_user
    from web.timeutil import now

    user = acting_user()
    at, ip, detail = now(), client_ip(), f"shown on {request.endpoint}"[:500]
    AuditLog.insert_many(
        [
            {
                "at": at,
                "action": VIEW,
                "user": user.id,
                "unit": user.unit_id,
                "record_type": "person",
                "record_id": str(person_id),
                "ip": ip,
                "detail": detail,
            }
            for person_id in sorted(people)
        ]
    ).execute()
    return response


def init_app(app):
    app.after_request(write_shown)
    app.jinja_env.globals["shown"] = shown


# ---- the Kepala's audit screen (web/main, "Jejak akses") ---------------------------------------

AUDIT_SCREEN = "audit_log"  # record_type of the entry written when someone opens the audit screen

ACTION_LABELS = {
    VIEW: _l("dibuka"),
    CREATE: _l("dibuat"),
    UPDATE: _l("diubah"),
    PRINT: _l("dicetak"),
    EXPORT: _l("diekspor"),
    DELETE: _l("dihapus"),
    LOGIN: _l("masuk"),
    LOGOUT: _l("keluar"),
    LOGIN_FAILED: _l("gagal masuk"),
    LOGIN_BLOCKED: _l("masuk diblokir"),
    DENIED: _l("ditolak"),
    OVERRIDE: _l("dirujuk tanpa persetujuan (nyawa terancam)"),
    REFERRAL_BLOCKED: _l("rujukan ditolak"),
    SEARCH: _l("dicari"),
}

RECORD_LABELS = {
    "person": _l("Orang"),
    "target": _l("Korban"),
    "plan": _l("Rencana"),
    "visit": _l("Kunjungan"),
    "consent": _l("Persetujuan"),
    "assessment": _l("Asesmen risiko"),
    "flag": _l("Tanda risiko"),
    "referral": _l("Rujukan"),
    "letter": _l("Surat"),
    "report": _l("Laporan"),
    "client_case": _l("Kasus"),
    "user": _l("Pengguna"),
    "unit": _l("Unit"),
    "endpoint": _l("Halaman"),
    AUDIT_SCREEN: _l("Jejak akses"),
}


def action_label(action):
    return str(ACTION_LABELS.get(action, action))


def record_label(record_type):
    return str(RECORD_LABELS.get(record_type, record_type))


def person_records(unit, key):
    """(person, [(record_type, record_id), ...]) for a person of `unit` given by id or by one of
    their targets' codes: the person's own record, their targets' and their visits'. (None, None) when not found
    in this unit (another unit's person is never found)."""
    from web.inputs import parse_id
    from web.models import Person, Target, Visit

    key = (key or "").strip()
    if not key or len(key) > 60:
        return None, None
    person_id = parse_id(key)
    if person_id is not None:
        person = Person.get_or_none((Person.id == person_id) & (Person.unit == unit))
    else:
        target = Target.get_or_none((Target.code == key.upper()) & (Target.unit == unit))
        person = target.person if target is not None and target.person_id else None
    if person is None:
        return None, None
    targets = [t.id for t in Target.select(Target.id).where(Target.person == person.id, Target.unit == unit)]
    visits = Visit.select(Visit.id).where(Visit.target.in_(targets), Visit.unit == unit) if targets else []
    return person, ([("person", person.id)] + [("target", t) for t in targets] + [("visit", v.id) for v in visits])
