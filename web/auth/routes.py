"""Login, logout and the language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from web.access import acting_user
from web.audit import LOGIN, LOGIN_BLOCKED, LOGIN_FAILED, LOGOUT, UPDATE, audit, client_ip
from web.auth import device, throttle
from web.auth.forms import LoginForm, PasswordChangeForm, PasswordSetForm
from web.db import db
from web.models import MIN_PASSWORD_LENGTH, User
from web.timeutil import now

bp = Blueprint("auth", __name__)


def safe_next(target):
    """Only a path on this site: never send the user to another host after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if request.method == "POST" else 200

    username = form.username.data.strip().lower()
    verdict = throttle.take(username, client_ip())
    if not verdict.allowed:
        audit(LOGIN_BLOCKED, record_type="user", detail=f"{verdict.scope} wait {verdict.wait_seconds}s")
        form.password.errors.extend(blocked_messages(verdict))
        response = make_response(render_template("auth/login.html", form=form), 429)
        response.headers["Retry-After"] = str(verdict.wait_seconds)
        return response

    user = User.by_username(username)
    if user is None:
        User.burn_password_check(form.password.data)
    ok = user is not None and user.active and user.check_password(form.password.data)
    if not ok and user is not None and user.active and user.reset_code_hash:
        ok = user.use_reset_code(form.password.data)  # an administrator's one-time code (then a new password)
    with db.atomic():
        throttle.settle(verdict, ok)
        if not ok:
            audit(LOGIN_FAILED, record_type="user", record_id=user.id if user else "", user=user if user else None)
    if not ok:
        form.password.errors.append(_("Nama pengguna atau kata sandi salah."))
        return render_template("auth/login.html", form=form), 422

    session.clear()
    login_user(user)
    session.permanent = True
    session["seen"] = now().isoformat()
    session["login_at"] = session["seen"]
    audit(LOGIN, user, user=user)
    return device.remember(redirect(safe_next(form.next.data) or url_for("main.home")), user.username)


def blocked_messages(verdict):
    """What a refused login is told, in the user's language: why, and how long to wait."""
    minutes = max(1, (verdict.wait_seconds + 59) // 60)
    if not verdict.locked:
        return [
            ngettext(
                "Beberapa percobaan gagal. Tunggu %(num)d detik sebelum mencoba lagi.",
                "Beberapa percobaan gagal. Tunggu %(num)d detik sebelum mencoba lagi.",
                verdict.wait_seconds,
            )
        ]
    if verdict.scope == throttle.DEVICE:
        return [
            ngettext(
                "Terlalu banyak percobaan yang gagal di perangkat ini. Coba lagi dalam %(num)d menit.",
                "Terlalu banyak percobaan yang gagal di perangkat ini. Coba lagi dalam %(num)d menit.",
                minutes,
            )
        ]
    if verdict.scope == throttle.ADDRESS:
        message = ngettext(
            "Terlalu banyak percobaan yang gagal dari jaringan ini. Coba lagi dalam %(num)d menit.",
            "Terlalu banyak percobaan yang gagal dari jaringan ini. Coba lagi dalam %(num)d menit.",
            minutes,
        )
    else:
        message = ngettext(
            "Terlalu banyak percobaan yang gagal. Akun ini dikunci sementara: coba lagi dalam %(num)d menit.",
            "Terlalu banyak percobaan yang gagal. Akun ini dikunci sementara: coba lagi dalam %(num)d menit.",
            minutes,
        )
    return [message, _("Di ponsel tempat Anda pernah masuk, Anda tetap bisa masuk.")]


@bp.route("/logout", methods=["POST"])
def logout():
    user = acting_user()
    with db.atomic():
        audit(LOGOUT, user)
        user.end_sessions()
    logout_user()
    session.clear()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
def password():
    """The user's own password: the current one, then the new one twice. Other sessions end."""
    user = acting_user()
    first = user.must_change_password  # after a one-time code: no current password to type
    form = PasswordSetForm() if first else PasswordChangeForm()

    def page(status):
        return render_template("auth/password.html", form=form, min_length=MIN_PASSWORD_LENGTH, first=first), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    if first:
        with db.atomic():
            user.change_password(form.new.data)
            audit(UPDATE, user, detail="new password set after a one-time code")
        login_user(user)
        flash(_("Kata sandi baru disimpan."), "info")
        return redirect(url_for("main.home"))
    if not user.check_password(form.current.data):
        audit(LOGIN_FAILED, user, detail="password change: current password wrong")
        form.current.errors.append(_("Kata sandi sekarang salah."))
        return page(422)
    if form.new.data == form.current.data:
        form.new.errors.append(_("Kata sandi baru harus berbeda dari yang sekarang."))
        return page(422)
    with db.atomic():
        user.change_password(form.new.data)
        audit(UPDATE, user, detail="password changed; other sessions ended")
    login_user(user)  # this session carries on with the new session version; the others open nothing
    flash(_("Kata sandi sudah diganti. Sesi di perangkat lain sudah diakhiri."), "info")
    return redirect(url_for("main.home"))


@bp.route("/bahasa", methods=["POST"])
def language():
    """Switch between Bahasa Indonesia and English; remembered in a cookie (and on the user)."""
    lang = request.form.get("lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale != lang:
        current_user.locale = lang
        current_user.save(only=[User.locale])
    response = redirect(safe_next(request.form.get("next")) or url_for("main.home"))
    response.set_cookie(
        "lang",
        lang,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
