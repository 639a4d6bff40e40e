"""Jangkau: mobile forms for outreach to victims of violence and trafficking (Flask + htmx).

`create_app(config)` builds the app; `flask --app web run` finds it. The app is the areas listed in
AREAS: each package web/<area>/ has one `register(app)` that adds its blueprint, its home-screen
panels and its offline forms (see README, "How to add an area").
"""

from pathlib import Path

from flask import Flask, make_response, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from peewee import OperationalError

from web import (
    assessments,
    auth,
    casefile,
    cases,
    coordination,
    inputs,
    letters,
    main,
    offline,
    outreach,
    referrals,
    rehab,
    reports,
    search,
    security,
    services,
    targets,
    timeline,
    users,
    visits,
)
from web import db as database
from web.config import Config
from web.extensions import babel, csrf, htmx, login_manager
from web.offline.forms import check_views
from web.timeutil import timezone_name

ROOT = Path(__file__).resolve().parent.parent
RETRY_AFTER_SECONDS = 5

# The workflow areas, in the order of the SOP. Adding one = one entry here plus its package.
AREAS = (
    auth,  # login, logout, language
    main,  # home screens (the areas' panels), team list, health
    targets,  # steps 1-2: targets, identification, verification
    outreach,  # steps 3-5: plan and budget, approval, team
    letters,  # step 6: Surat Tugas, SPPD, documents
    coordination,  # step 7: coordination contacts
    timeline,  # a plan's SOP timeline, overdue steps
    visits,  # step 8: visits, consent, photos
    assessments,  # step 9: risk assessment
    referrals,  # step 10a: risk flags, Darurat, emergency referrals
    cases,  # steps 10b-11: further assessment, report
    casefile,  # issue 11: a case (trafficking, violence, rehabilitation SOPs): intake, assessment, review
    services,  # issue 11: a case's services and referrals, letters, social report, PMKS register
    rehab,  # issue 11: rehabilitation (SOP 003) and termination of every case
    offline,  # the installable app, the phone's queue, conflicts
    search,  # people and cases by name, NIK, code, phone, desa; the case filters
    reports,  # issue 12: the month's dashboard, the SIMFONI and PMKS exports
    users,  # users and units: accounts, one-time codes, letterheads (Kepala, system administrator)
)


class App(Flask):
    """Flask, serving static files built for the phone (minified, precompressed) where there are."""

    def send_static_file(self, filename):
        from web.offline.compress import send_static

        return send_static(self, filename)


def create_app(config=None):
    app = App(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or Config.from_env())

    inputs.init_app(app)  # the strict `<int:...>` / `<id:...>` converter, before any route is added
    database.init_app(app)
    security.init_app(app)
    from web import audit as audit_trail

    audit_trail.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=timezone_name)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    for area in AREAS:
        area.register(app)
    check_views(app)  # an offline form without its view (or the reverse) stops the start

    from web import cli, filters

    cli.init_app(app)
    filters.init_app(app)
    register_error_pages(app)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.add_extension("jinja2.ext.do")
    return app


@login_manager.user_loader
def load_user(user_id):
    from web.models import User

    return User.by_session_id(user_id)


def select_locale():
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def register_error_pages(app):
    def page(code, template="errors/error.html", **context):
        def handler(error):
            return render_template(template, code=code, **context), code

        return handler

    forbidden = page(403)

    def refused(error):
        from web.audit import audit_refusal

        audit_refusal()
        return forbidden(error)

    app.register_error_handler(403, refused)
    app.register_error_handler(404, page(404))
    app.register_error_handler(405, page(405))
    app.register_error_handler(413, page(413))
    app.register_error_handler(500, page(500))
    app.register_error_handler(CSRFError, page(400, csrf=True))
    app.register_error_handler(OperationalError, database_busy)


def database_busy(error):
    """The database could not answer now (SQLite busy or locked, PostgreSQL connection or lock
    timeout): 503 with Retry-After, so the worker (or the phone's queue) sends again; never a 500."""
    from flask import current_app

    current_app.logger.warning("database busy: %s", error)
    if not database.db.is_closed():
        database.db.close()  # maybe inside a failed transaction; the next request opens a new one
    response = make_response(render_template("errors/error.html", code=503), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
