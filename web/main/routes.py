"""Home screens per role, the team list, and the health check."""

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from web import audit as trail
from web import db as database
from web import paging, roles, sop
from web.access import acting_user
from web.db import db
from web.main.forms import AuditFilterForm
from web.main.panels import panels_for
from web.models import AuditLog, User
from web.timeutil import unit_timezone

bp = Blueprint("main", __name__)

HOME_TEMPLATES = {
    roles.WORKER: "main/home_petugas.html",
    roles.CASE_MANAGER: "main/home_manajer.html",
    roles.HEAD: "main/home_kepala.html",
    roles.ADMIN: "main/home_admin.html",
    roles.SYSADMIN: "main/home_sysadmin.html",
}


@bp.route("/")
def home():
    user = current_user
    steps = [s for s in sop.OUTREACH_STEPS if s.role == user.role]
    return render_template(HOME_TEMPLATES[user.role], panels=panels_for(user), steps=steps)


@bp.route("/tim")
def team():
    """The people of the user's own unit (never another unit's)."""
    members = User.in_unit(current_user.unit)
    return render_template("main/team.html", members=members)


def _utc_start(day):
    """Midnight of `day` where the unit works, as naive UTC (the database's clock)."""
    local = datetime.combine(day, time.min, tzinfo=unit_timezone())
    return local.astimezone(UTC).replace(tzinfo=None)


@bp.route("/jejak-akses")
def audit_trail():
    """Who read or changed a person's record, and when: the Kepala's own unit only, newest first,
    filtered by person, user and dates, a page at a time. Opening it is audited too."""
    user = acting_user()
    users = list(User.in_unit(user.unit))
    form = AuditFilterForm(users, formdata=request.args)
    valid = form.validate()
    person, records, not_found = None, None, False
    if valid and form.orang.data and form.orang.data.strip():
        person, records = trail.person_records(user.unit, form.orang.data)
        not_found = person is None
        if not_found:
            form.orang.errors = list(form.orang.errors) + [
                _("Tidak ada orang dengan nomor atau kode korban ini di unit Anda.")
            ]
    entries, next_cursor = [], None
    if valid and not not_found:
        chosen = next((u for u in users if str(u.id) == form.pengguna.data), None)
        query = AuditLog.trail(
            user.unit,
            records=records,
            user=chosen,
            since=_utc_start(form.dari.data) if form.dari.data else None,
            until=_utc_start(form.sampai.data + timedelta(days=1)) if form.sampai.data else None,
        )
        entries, next_cursor = paging.page(query, AuditLog.at, request.args.get("setelah"))
    filters = {key: request.args[key] for key in ("orang", "pengguna", "dari", "sampai") if request.args.get(key)}
    trail.audit(
        trail.VIEW,
        record_type=trail.AUDIT_SCREEN,
        record_id=person.id if person else "",
        detail=" ".join(f"{key}={value}" for key, value in filters.items() if key != "orang")[:200]
        + (f" person={person.id}" if person else ""),
    )
    status = 200 if valid and not not_found else 422
    return render_template(
        "main/audit_trail.html",
        form=form,
        entries=entries,
        next_cursor=next_cursor,
        person=person,
        filters=filters,
        action_label=trail.action_label,
        record_label=trail.record_label,
    ), status


@bp.route("/healthz")
def healthz():
    status = {"status": "ok", "database": {"engine": "sqlite" if database.is_embedded() else "postgresql"}}
    try:
        db.execute_sql("SELECT 1")
        status["database"]["ok"] = True
        status["database"]["pending_migrations"] = len(database.pending())
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        status["status"] = "error"
        status["database"].update(ok=False, error=type(error).__name__)
        return jsonify(status), 503
    return jsonify(status)
