"""The users and units screens. Which account or unit: web.access.fetch (User.can_edit / Unit.can_edit:
a Kepala her own unit, the system administrator every unit). Every change is audited; a one-time code
is shown once, on the answer to the POST that made it (never in a URL, a log or the audit detail)."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from web import roles
from web.access import acting_user, fetch
from web.audit import CREATE, UPDATE, audit
from web.concurrency import StaleRecord
from web.models import Unit, User
from web.models.core import RESET_CODE_HOURS, AccountError
from web.users.forms import AccountForm, ConfirmForm, UnitForm
from web.visits import uploads

bp = Blueprint("users", __name__)

# While a user must choose a new password (after a one-time code) only these answer; the rest sends
# them to the password screen.
OPEN_WHILE_NEW_PASSWORD = {"auth.password", "auth.logout", "auth.language", "static", "main.healthz"}


def new_password_first():
    if (
        current_user.is_authenticated
        and getattr(current_user, "must_change_password", False)
        and request.endpoint not in OPEN_WHILE_NEW_PASSWORD
        and not (request.endpoint or "").startswith("offline.")
    ):
        return redirect(url_for("auth.password"))
    return None


def account_error_message(code):
    return {
        "not_allowed": _("Anda tidak boleh mengubah akun ini dengan cara itu."),
        "username_taken": _("Nama pengguna ini sudah dipakai. Pilih nama lain."),
        "own_role": _("Anda tidak bisa mengubah peran Anda sendiri. Minta administrator sistem."),
        "own_account": _("Untuk akun Anda sendiri, pakai layar Ganti kata sandi."),
        "code_taken": _("Kode unit ini sudah dipakai unit lain."),
    }.get(code, _("Perubahan ini tidak bisa disimpan."))


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- accounts ----------------------------------------------------------------------------------


def listed_at(account):
    """Where the account is listed: the Kepala's list, or the system administrator's list of its unit."""
    unit = account.unit_id if current_user.role == roles.SYSADMIN else None
    return url_for("users.index", unit=unit) + f"#pengguna-{account.id}"


@bp.route("/pengguna")
def index():
    """A Kepala: her unit's accounts. The system administrator: the units with their number of accounts,
    and one unit's accounts at a time (?unit=<id>): a ministry has thousands."""
    user = acting_user()
    unit, counts = None, {}
    if user.role == roles.SYSADMIN:
        if request.args.get("unit"):
            unit = fetch(Unit, request.args["unit"], edit=True)
        else:
            counts = User.counts_by_unit()
    elif user.role == roles.HEAD:
        unit = user.unit
    accounts = list(User.managed_by(user, unit)) if unit is not None else []
    units = list(Unit.managed_by(user)) if counts else []
    return render_template(
        "users/index.html", accounts=accounts, unit=unit, units=units, counts=counts, reset_hours=RESET_CODE_HOURS
    )


def _units_for(user):
    return list(Unit.managed_by(user)) if user.role == roles.SYSADMIN else []


@bp.route("/pengguna/baru", methods=["GET", "POST"])
def new():
    user = acting_user()
    units = _units_for(user)
    form = AccountForm(User.roles_given_by(user), units, new=True)
    if not form.validate_on_submit():
        return render_template("users/form.html", form=form, account=None), 422 if request.method == "POST" else 200
    unit = fetch(Unit, form.unit.data, edit=True) if units else user.unit
    try:
        account = User.open_account(
            user,
            unit,
            username=form.username.data,
            full_name=form.full_name.data,
            role=form.role.data,
            nip=form.nip.data,
            rank=form.rank.data,
            phone=form.phone.data or "",
        )
        code = account.issue_reset_code(user)
    except AccountError as error:
        field = form.username if error.code == "username_taken" else form.role
        field.errors = list(field.errors) + [account_error_message(error.code)]
        return render_template("users/form.html", form=form, account=None), 422
    audit(CREATE, account, detail=f"role={account.role} unit={account.unit_id}")
    audit(UPDATE, account, detail="one-time code issued")
    return no_store(_render_code(account, code, 201))


def _render_code(account, code, status):
    return make_response(render_template("users/code.html", account=account, code=code, hours=RESET_CODE_HOURS), status)


@bp.route("/pengguna/<int:user_id>", methods=["GET", "POST"])
def edit(user_id):
    user = acting_user()
    account = fetch(User, user_id, edit=True)
    form = AccountForm(User.roles_given_by(user), new=False, obj=account if request.method == "GET" else None)
    actions = ConfirmForm()

    def page(status):
        return render_template("users/form.html", form=form, account=account, actions=actions), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    before = account.role
    try:
        changed = account.change_profile(
            user,
            full_name=form.full_name.data,
            role=form.role.data,
            nip=form.nip.data,
            rank=form.rank.data,
            phone=form.phone.data or "",
        )
    except AccountError as error:
        form.role.errors = list(form.role.errors) + [account_error_message(error.code)]
        return page(422)
    if changed:
        detail = "changed: " + ",".join(changed)
        if "role" in changed:
            detail += f" role {before}->{account.role}"
        audit(UPDATE, account, detail=detail)
        flash(_("Data pengguna disimpan."), "success")
    return redirect(listed_at(account))


@bp.route("/pengguna/<int:user_id>/nonaktif", methods=["POST"])
def deactivate(user_id):
    account = fetch(User, user_id, edit=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        account.deactivate_by(acting_user())
    except AccountError as error:
        flash(account_error_message(error.code), "error")
        return redirect(url_for("users.edit", user_id=account.id)), 303
    audit(UPDATE, account, detail="deactivated; sessions ended")
    flash(_("Akun %(name)s dinonaktifkan. Semua sesinya sudah berakhir.", name=account.full_name), "success")
    return redirect(listed_at(account))


@bp.route("/pengguna/<int:user_id>/aktif", methods=["POST"])
def reactivate(user_id):
    account = fetch(User, user_id, edit=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        code = account.reactivate_by(acting_user())
    except AccountError as error:
        flash(account_error_message(error.code), "error")
        return redirect(url_for("users.edit", user_id=account.id)), 303
    audit(UPDATE, account, detail="reactivated; one-time code issued")
    return no_store(_render_code(account, code, 200))


@bp.route("/pengguna/<int:user_id>/kode", methods=["POST"])
def reset(user_id):
    """A new one-time code: the old password stops working and every session ends."""
    account = fetch(User, user_id, edit=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        code = account.issue_reset_code(acting_user())
    except AccountError as error:
        flash(account_error_message(error.code), "error")
        return redirect(url_for("users.edit", user_id=account.id)), 303
    audit(UPDATE, account, detail="password reset: one-time code issued; sessions ended")
    return no_store(_render_code(account, code, 200))


# ---- units -------------------------------------------------------------------------------------


@bp.route("/unit")
def units():
    user = acting_user()
    return render_template("users/units.html", units=list(Unit.managed_by(user)))


def _logo_from(form, current):
    """The logo to keep: a new upload (stored as PNG), none when removal is ticked, else the current.
    Raises uploads.UploadError."""
    upload = form.logo.data
    if upload is not None and getattr(upload, "filename", ""):
        import io

        from PIL import Image

        image = uploads._flatten(uploads.open_image(uploads.read_limited(upload)))
        image.thumbnail((600, 600), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return uploads.store_signature(out.getvalue(), image.width, image.height).stored_name
    if "remove_logo" in form and form.remove_logo.data:
        return ""
    return current


@bp.route("/unit/baru", methods=["GET", "POST"])
def unit_new():
    user = acting_user()
    form = UnitForm(new=True)
    if request.method == "GET":
        form.legal_basis.data = "\n".join(Unit.legal_basis.default())
        form.timezone.data = Unit.timezone.default
    if not form.validate_on_submit():
        return render_template("users/unit.html", form=form, unit=None), 422 if request.method == "POST" else 200
    try:
        logo = _logo_from(form, "")
    except uploads.UploadError as error:
        form.logo.errors = list(form.logo.errors) + [str(error)]
        return render_template("users/unit.html", form=form, unit=None), 422
    try:
        unit = Unit.open(user, code=form.code.data, logo=logo, **form.settings())
    except AccountError as error:
        form.code.errors = list(form.code.errors) + [account_error_message(error.code)]
        return render_template("users/unit.html", form=form, unit=None), 422
    audit(CREATE, unit, detail=f"code={unit.code}")
    flash(_("Unit %(name)s dibuat.", name=unit.name), "success")
    return redirect(url_for("users.units"))


@bp.route("/unit/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id):
    unit = fetch(Unit, unit_id, edit=True)
    form = UnitForm(obj=unit if request.method == "GET" else None)
    if request.method == "GET":
        form.show_version(unit)

    def page(status):
        return render_template("users/unit.html", form=form, unit=unit), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    try:
        logo = _logo_from(form, unit.logo)
    except uploads.UploadError as error:
        form.logo.errors = list(form.logo.errors) + [str(error)]
        return page(422)
    try:
        changed = unit.change_settings(form.seen_version(), logo=logo, **form.settings())
    except StaleRecord as stale:
        form.show_stale(stale)
        return page(409)
    if changed:
        audit(UPDATE, unit, detail="changed: " + ",".join(changed))
        flash(_("Data unit disimpan."), "success")
    return redirect(url_for("users.units"))


# ---- home panel ----------------------------------------------------------------------------------


def manage_panel(user):
    """The Kepala's and the system administrator's links to the users and units screens, with counts."""
    accounts = User.managed_by(user)
    return {
        "active": accounts.where(User.active == True).count(),
        "units": Unit.managed_by(user).count(),
    }
