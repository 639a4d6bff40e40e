"""Home screens per role, the team list, and the health check."""
from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from web import db as database
from web import roles, sop
from web.db import db
from web.main.panels import panels_for
from web.models import User

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
